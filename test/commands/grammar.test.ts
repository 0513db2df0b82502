// Sentences that count things agree with the count (issue 17, item 15): one change is "this
// change", client credentials "were" refused, a single failure is "1 of 1 change". In-process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'vitest';
import { labProfile, NO_ENV } from './auth/setup.js';
import { check, GROUP, INSTANCE, JSON_HEADERS, jsonBody, ltPath, types } from './fixtures.js';

const T = ['--instance', INSTANCE, '--group', GROUP];
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-grammar-')), 'desired.json');
fs.writeFileSync(file, JSON.stringify([{ sku: 'new', name: 'Fresh', description: 'f' }]));
const emptyGroup = { license_types: [], page: 1, pages: 1, results: 0 };

describe('counted sentences', () => {
  it('apply --dry-run with one change: "make this change"', async () => {
    await check({
      name: 'one change',
      args: ['license-type', 'apply', '--file', file, '--dry-run', ...T],
      mock: (api) => api.intercept({ path: ltPath('page_size=1000&page=1'), method: 'GET' }).reply(200, emptyGroup, JSON_HEADERS),
      code: 0,
      stdout: 'create\tnew\t\tFresh\n',
      stderr: /Run without --dry-run to make this change\.\n$/,
    });
  });

  it('apply with its one change failing: "1 of 1 change failed"', async () => {
    await check({
      name: 'one failure',
      args: ['license-type', 'apply', '--file', file, ...T],
      mock: (api) => {
        api.intercept({ path: ltPath('page_size=1000&page=1'), method: 'GET' }).reply(200, emptyGroup, JSON_HEADERS);
        api.intercept({ path: ltPath(), method: 'POST', body: jsonBody({ name: 'Fresh', sku: 'new', description: 'f' }) }).reply(409, { message: 'sku taken' }, JSON_HEADERS);
      },
      code: 6,
      stdout: /^create\tnew\t/,
      stderr: /Applied 0 of 1 change \(nothing\); 1 failed\.\nlicensectl: 1 of 1 change failed \(create new\)/,
    });
  });

  it('refused client credentials "were" refused', async () => {
    await check({
      name: 'plural subject',
      args: ['auth', 'login', '--client-id', 'cid', '--client-secret-stdin'],
      input: 'client-secret-xyz',
      env: NO_ENV,
      configDir: await labProfile(),
      mock: (api) => api.intercept({ path: '/identity_/connect/token', method: 'POST' }).reply(401, { error: 'invalid_client' }, JSON_HEADERS),
      code: 4,
      stdout: '',
      stderr: /^licensectl: the client credentials of "cid" were refused by 127\.0\.0\.1:9 \(401\)/,
    });
  });
});

describe('a page of license types in a terminal says how to get the others', () => {
  it('page 1 of 3: --page 2 for the next, --all for every page', async () => {
    await check({
      name: 'terminal, more pages',
      args: ['lt', 'ls', '--page-size', '2', ...T],
      tty: true,
      mock: (api) => api.intercept({ path: ltPath('page_size=2'), method: 'GET' }).reply(200, { license_types: types(2), page: 1, pages: 3, results: 5 }, JSON_HEADERS),
      code: 0,
      stdout: /SKU/,
      stderr: 'page 1 of 3, 5 results: --page 2 for the next, --all for every page\n',
    });
  });

  it('the last page needs no hint', async () => {
    await check({
      name: 'terminal, last page',
      args: ['lt', 'ls', '--page-size', '2', '--page', '3', ...T],
      tty: true,
      mock: (api) => api.intercept({ path: ltPath('page_size=2&page=3'), method: 'GET' }).reply(200, { license_types: types(1, 5), page: 3, pages: 3, results: 5 }, JSON_HEADERS),
      code: 0,
      stdout: /SKU/,
      stderr: 'page 3 of 3, 5 results\n',
    });
  });
});

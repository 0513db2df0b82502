// `license-type update <id>` in-process: GET, merge, PUT of all three fields.
import { describe, it } from 'vitest';
import { check, GROUP, INSTANCE, JSON_HEADERS, jsonBody, ltPath, type Case } from '../fixtures.js';

const T = ['--instance', INSTANCE, '--group', GROUP];
const current = { id: 7, name: 'Old', sku: 'sku-7', description: 'Was' };
const get = (api: Parameters<NonNullable<Case['mock']>>[0]) => api.intercept({ path: ltPath('', 7), method: 'GET' }).reply(200, current, JSON_HEADERS);

const cases: Case[] = [
  {
    name: 'pipe: the merged type, and what changed on stderr',
    args: ['license-type', 'update', '7', '--description', 'Now', ...T],
    mock: (api) => {
      get(api);
      api.intercept({ path: ltPath('', 7), method: 'PUT', body: jsonBody({ name: 'Old', sku: 'sku-7', description: 'Now' }) }).reply(200, { ...current, description: 'Now' }, JSON_HEADERS);
    },
    code: 0,
    stdout: '7\tOld\tsku-7\tNow\n',
    stderr: '✓ Updated license type 7 (Old)\n  description: "Was" → "Now"\n',
    requests: [`GET ${ltPath('', 7)}`, `PUT ${ltPath('', 7)}`],
  },
  {
    name: 'terminal, no change: no PUT, a note and the type',
    args: ['license-type', 'update', '7', '--name', 'Old', ...T],
    tty: true,
    mock: get,
    code: 0,
    stdout: 'id           7\nname         Old\nsku          sku-7\ndescription  Was\n',
    stderr: 'No change: license type 7 (Old) already has name "Old"\n',
    requests: [`GET ${ltPath('', 7)}`],
  },
  {
    name: '--json: the merged type only',
    args: ['--json', 'license-type', 'update', '7', '--name', 'New', ...T],
    mock: (api) => {
      get(api);
      api.intercept({ path: ltPath('', 7), method: 'PUT' }).reply(200, {}, JSON_HEADERS);
    },
    code: 0,
    stdout: JSON.stringify({ ...current, name: 'New' }, null, 2) + '\n',
    stderr: '',
  },
  { name: 'nothing to change: usage error, nothing sent', args: ['license-type', 'update', '7', ...T], code: 2, stdout: '', stderr: 'licensectl: nothing to change: give at least one of --name, --sku, --description\n', requests: [] },
];

describe('license-type update', () => {
  it.each(cases)('$name', async (c) => { await check(c); });
});

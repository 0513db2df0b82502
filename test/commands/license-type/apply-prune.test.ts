// `license-type apply --prune` deletes: like `delete`, it asks on a terminal and needs --yes
// otherwise, and an empty file with --prune (which would delete everything) needs --allow-empty.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'vitest';
import { check, GROUP, INSTANCE, JSON_HEADERS, ltPath, type Case } from '../fixtures.js';

const T = ['--instance', INSTANCE, '--group', GROUP];
type Api = Parameters<NonNullable<Case['mock']>>[0];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-prune-'));
const keepFile = path.join(dir, 'keep.json');
fs.writeFileSync(keepFile, JSON.stringify([{ sku: 'keep', name: 'Keep', description: 'k' }]));
const emptyFile = path.join(dir, 'empty.json');
fs.writeFileSync(emptyFile, '[]');
const LIST = ltPath('page_size=1000&page=1');

const list = (api: Api) => api.intercept({ path: LIST, method: 'GET' }).reply(200, {
  license_types: [
    { id: 1, name: 'Keep', sku: 'keep', description: 'k' },
    { id: 3, name: 'Gone', sku: 'old', description: 'o' },
    { id: 5, name: 'Also gone', sku: 'older', description: '' },
  ],
  page: 1, pages: 1, results: 3,
}, JSON_HEADERS);
const deletes = (api: Api, ids = [3, 5]) => { for (const id of ids) api.intercept({ path: ltPath('', id), method: 'DELETE' }).reply(204, ''); };
const PLAN_TSV = 'delete\told\t3\tGone\ndelete\tolder\t5\tAlso gone\nunchanged\tkeep\t1\tKeep\n';
const QUESTION = `Delete 2 license types from group ${GROUP}: old (id 3), older (id 5)? [y/N] `;

const cases: Case[] = [
  {
    name: 'pipe without --yes: refused after the plan (exit 2), nothing deleted',
    args: ['license-type', 'apply', '--file', keepFile, '--prune', ...T],
    mock: list,
    code: 2,
    stdout: PLAN_TSV,
    stderr: /\nlicensectl: deleting 2 license types \(old, older\) needs confirmation: pass --yes \(no terminal to ask on\); nothing was changed\n$/,
    requests: [`GET ${LIST}`],
  },
  {
    name: '--json in a pipe without --yes: refused the same way, as JSON',
    args: ['--json', 'license-type', 'apply', '--file', keepFile, '--prune', ...T],
    mock: list,
    code: 2,
    stdout: '',
    stderr: /^\{"error":\{"code":"usage","message":"deleting 2 license types \(old, older\) needs confirmation/,
    requests: [`GET ${LIST}`],
  },
  {
    name: 'pipe with --yes: deletes',
    args: ['license-type', 'apply', '--file', keepFile, '--prune', '--yes', ...T],
    mock: (api) => { list(api); deletes(api); },
    code: 0,
    stdout: PLAN_TSV,
    stderr: /✓ Applied 2 changes: 2 deleted\.\n$/,
  },
  {
    name: 'terminal, answered yes: asks naming every deletion, then deletes',
    args: ['license-type', 'apply', '--file', keepFile, '--prune', ...T],
    tty: true,
    stdinTty: true,
    input: 'y\n',
    mock: (api) => { list(api); deletes(api); },
    code: 0,
    stdout: /- delete +old +id 3 +Gone\n/,
    // The question, then (the progress line and) the outcome.
    stderr: new RegExp(`${QUESTION.replace(/[?[\]()]/g, '\\$&')}[\\s\\S]*✓ Applied 2 changes: 2 deleted\\.\\n$`),
  },
  {
    name: 'terminal, answered no: cancelled, exit 1, nothing written',
    args: ['license-type', 'apply', '--file', keepFile, '--prune', ...T],
    tty: true,
    stdinTty: true,
    input: 'n\n',
    mock: list,
    code: 1,
    stdout: /- delete/,
    stderr: /\[y\/N\] licensectl: cancelled: nothing was changed\n$/,
    requests: [`GET ${LIST}`],
  },
  {
    name: '--dry-run needs no confirmation',
    args: ['license-type', 'apply', '--file', keepFile, '--prune', '--dry-run', ...T],
    mock: list,
    code: 0,
    stdout: PLAN_TSV,
    stderr: /Dry run: nothing was changed/,
  },
  {
    name: 'an empty file with --prune: refused before any request (exit 2)',
    args: ['license-type', 'apply', '--file', emptyFile, '--prune', '--yes', ...T],
    code: 2,
    stdout: '',
    stderr: `licensectl: ${emptyFile} lists no license types: with --prune that deletes every license type in the group; pass --allow-empty if that is what you want\n`,
    requests: [],
  },
  {
    name: 'an empty file with --prune --allow-empty --yes: deletes them all',
    args: ['license-type', 'apply', '--file', emptyFile, '--prune', '--allow-empty', '--yes', ...T],
    mock: (api) => { list(api); deletes(api, [1, 3, 5]); },
    code: 0,
    stdout: /^delete\tkeep\t1\tKeep\n/,
    stderr: /✓ Applied 3 changes: 3 deleted\.\n$/,
  },
];

describe('license-type apply --prune', () => {
  it.each(cases)('$name', async (c) => { await check(c); });
});

// `license-type apply --file` in-process: plan, dry run, changes, and --json, against a mocked Fusion API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'vitest';
import { check, GROUP, INSTANCE, JSON_HEADERS, jsonBody, ltPath, type Case } from '../fixtures.js';

const T = ['--instance', INSTANCE, '--group', GROUP];
type Api = Parameters<NonNullable<Case['mock']>>[0];
const current = [
  { id: 1, name: 'Keep', sku: 'keep', description: 'k' },
  { id: 2, name: 'Old name', sku: 'upd', description: 'u' },
  { id: 3, name: 'Gone', sku: 'old', description: 'o' },
];
const desired = [
  { sku: 'keep', name: 'Keep', description: 'k' },
  { sku: 'upd', name: 'New name' },
  { sku: 'new', name: 'Fresh', description: 'f' },
];
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-apply-')), 'desired.json');
fs.writeFileSync(file, JSON.stringify(desired));
const WHERE = `group ${GROUP} (DRaaS instance ${INSTANCE})`;

const list = (api: Api) => api.intercept({ path: ltPath('page_size=1000&page=1'), method: 'GET' })
  .reply(200, { license_types: current, page: 1, pages: 1, results: 3 }, JSON_HEADERS);
const writes = (api: Api) => {
  api.intercept({ path: ltPath(), method: 'POST', body: jsonBody({ name: 'Fresh', sku: 'new', description: 'f' }) }).reply(201, { id: 4, name: 'Fresh', sku: 'new', description: 'f' }, JSON_HEADERS);
  api.intercept({ path: ltPath('', 2), method: 'PUT', body: jsonBody({ name: 'New name', sku: 'upd', description: 'u' }) }).reply(200, {}, JSON_HEADERS);
};
const planTsv = 'create\tnew\t\tFresh\nupdate\tupd\t2\tNew name\nunchanged\tkeep\t1\tKeep\n';
const planNotes = `Plan for ${WHERE} from ${file}:\n`;
const summary = 'Plan: 1 to create, 1 to update, 0 to delete, 1 unchanged.\n1 license type in the group is not in ' + file + ' and is kept (--prune deletes them).\n';

const cases: Case[] = [
  {
    name: 'pipe, --dry-run: the plan as TSV rows, nothing written',
    args: ['license-type', 'apply', '--file', file, '--dry-run', ...T],
    mock: list,
    code: 0,
    stdout: planTsv,
    stderr: `Plan for ${WHERE} from ${file} (dry run):\n${summary}Dry run: nothing was changed. Run without --dry-run to make these 2 changes.\n`,
    requests: [`GET ${ltPath('page_size=1000&page=1')}`],
  },
  {
    name: 'pipe: creates, then updates, and says what it applied',
    args: ['license-type', 'apply', '--file', file, ...T],
    mock: (api) => { list(api); writes(api); },
    code: 0,
    stdout: planTsv,
    stderr: `${planNotes}${summary}✓ Applied 2 changes: 1 created, 1 updated.\n`,
  },
  {
    name: 'terminal: readable plan lines with the changed field',
    args: ['license-type', 'apply', '--file', file, '--dry-run', ...T],
    tty: true,
    mock: list,
    code: 0,
    stdout: [
      '+ create     new         Fresh',
      '~ update     upd   id 2  New name',
      '             name: "Old name" → "New name"',
      '= unchanged  keep  id 1  Keep',
      '',
    ].join('\n'),
    stderr: `Plan for ${WHERE} from ${file} (dry run):\n${summary}Dry run: nothing was changed. Run without --dry-run to make these 2 changes.\n`,
  },
  {
    name: '--prune --yes from stdin, --json: one document with the results',
    args: ['--json', 'license-type', 'apply', '--file', '-', '--prune', '--yes', ...T],
    input: JSON.stringify(desired.slice(0, 1)),
    mock: (api) => {
      list(api);
      api.intercept({ path: ltPath('', 2), method: 'DELETE' }).reply(204, '');
      api.intercept({ path: ltPath('', 3), method: 'DELETE' }).reply(204, '');
    },
    code: 0,
    stdout: /^\{\n {2}"dryRun": false,\n {2}"plan": \[\n(.|\n)*"action": "delete",\n {6}"sku": "old",\n {6}"id": 3,(.|\n)*"results": \[(.|\n)*\}\n$/,
    stderr: '',
  },
  {
    name: 'nothing to do: no writes',
    args: ['license-type', 'apply', '--file', '-', ...T],
    input: JSON.stringify(desired.slice(0, 1)),
    mock: list,
    code: 0,
    stdout: 'unchanged\tkeep\t1\tKeep\n',
    stderr: `Plan for ${WHERE} from stdin:\nPlan: 0 to create, 0 to update, 0 to delete, 1 unchanged.\n2 license types in the group are not in stdin and are kept (--prune deletes them).\n✓ Nothing to do: the group already matches stdin.\n`,
  },
  {
    name: 'a bad file is a usage error before any request',
    args: ['license-type', 'apply', '--file', '-', ...T],
    input: '{not json',
    code: 2,
    stdout: '',
    stderr: /^licensectl: stdin is not valid JSON: .*\n$/,
    requests: [],
  },
  {
    name: 'a failed write: exit 6 and the failure named',
    args: ['license-type', 'apply', '--file', file, ...T],
    mock: (api) => {
      list(api);
      api.intercept({ path: ltPath(), method: 'POST' }).reply(201, { id: 4, name: 'Fresh', sku: 'new', description: 'f' }, JSON_HEADERS);
      api.intercept({ path: ltPath('', 2), method: 'PUT' }).reply(400, { message: 'bad name' }, JSON_HEADERS);
    },
    code: 6,
    stdout: planTsv,
    stderr: /✗ update upd \(id 2\): .*bad name.*\n! Applied 1 of 2 changes \(1 created\); 1 failed\.\nlicensectl: 1 of 2 changes failed \(update upd\); fix the cause and run apply again: it retries only what is still different\n$/,
  },
];

describe('license-type apply', () => {
  it.each(cases)('$name', async (c) => { await check(c); });
});

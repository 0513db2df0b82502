// `license-type delete <id>` in-process: --yes, the prompt on a terminal, and its refusal in a pipe.
import { describe, it } from 'vitest';
import { check, GROUP, INSTANCE, JSON_HEADERS, ltPath, type Case } from '../fixtures.js';

const T = ['--instance', INSTANCE, '--group', GROUP];
type Api = Parameters<NonNullable<Case['mock']>>[0];
const del = (api: Api) => api.intercept({ path: ltPath('', 7), method: 'DELETE' }).reply(204, '');
const get = (api: Api) => api.intercept({ path: ltPath('', 7), method: 'GET' }).reply(200, { id: 7, name: 'Gold', sku: 'g', description: '' }, JSON_HEADERS);

const cases: Case[] = [
  { name: 'pipe with --yes: deleted, no GET', args: ['license-type', 'delete', '7', '--yes', ...T], mock: del, code: 0, stdout: '', stderr: `✓ Deleted license type 7 from group ${GROUP}\n`, requests: [`DELETE ${ltPath('', 7)}`] },
  { name: '--json with --yes', args: ['--json', 'lt', 'rm', '7', '-y', ...T], mock: del, code: 0, stdout: '{\n  "id": 7,\n  "deleted": true\n}\n', stderr: '' },
  { name: 'pipe without --yes: usage error, nothing sent', args: ['license-type', 'delete', '7', ...T], code: 2, stdout: '', stderr: 'licensectl: deleting license type 7 needs confirmation: pass --yes (no terminal to ask on)\n', requests: [] },
  {
    name: 'terminal, answered yes: asks by name, then deletes',
    args: ['license-type', 'delete', '7', ...T],
    tty: true,
    stdinTty: true,
    input: 'y\n',
    mock: (api) => { get(api); del(api); },
    code: 0,
    stdout: '',
    stderr: `Delete license type 7 (Gold) from group ${GROUP}? [y/N] ✓ Deleted license type 7 (Gold) from group ${GROUP}\n`,
    requests: [`GET ${ltPath('', 7)}`, `DELETE ${ltPath('', 7)}`],
  },
  {
    name: 'terminal, answered no: cancelled, exit 1, no DELETE',
    args: ['license-type', 'delete', '7', ...T],
    tty: true,
    stdinTty: true,
    input: 'n\n',
    mock: get,
    code: 1,
    stdout: '',
    stderr: `Delete license type 7 (Gold) from group ${GROUP}? [y/N] licensectl: cancelled: nothing was deleted\n`,
    requests: [`GET ${ltPath('', 7)}`],
  },
];

describe('license-type delete', () => {
  it.each(cases)('$name', async (c) => { await check(c); });
});

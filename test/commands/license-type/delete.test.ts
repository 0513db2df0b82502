// `license-type delete <id>` in-process: --yes, the prompt on a terminal, and its refusal in a pipe.
import { describe, it } from 'vitest';
import { check, GROUP, INSTANCE, JSON_HEADERS, ltPath, type Case } from '../fixtures.js';

const T = ['--instance', INSTANCE, '--group', GROUP];
type Api = Parameters<NonNullable<Case['mock']>>[0];
const del = (api: Api) => api.intercept({ path: ltPath('', 7), method: 'DELETE' }).reply(204, '');
const get = (api: Api) => api.intercept({ path: ltPath('', 7), method: 'GET' }).reply(200, { id: 7, name: 'Gold', sku: 'g', description: '' }, JSON_HEADERS);

const cases: Case[] = [
  // The API answers DELETE with 204 whether or not the type existed: both paths read it first, so a
  // typo'd id is "not found" (exit 3) with --yes as without.
  { name: 'pipe with --yes: read, then deleted', args: ['license-type', 'delete', '7', '--yes', ...T], mock: (api) => { get(api); del(api); }, code: 0, stdout: '', stderr: `✓ Deleted license type 7 (Gold) from group ${GROUP}\n`, requests: [`GET ${ltPath('', 7)}`, `DELETE ${ltPath('', 7)}`] },
  { name: '--json with --yes', args: ['--json', 'lt', 'rm', '7', '-y', ...T], mock: (api) => { get(api); del(api); }, code: 0, stdout: '{\n  "id": 7,\n  "deleted": true\n}\n', stderr: '' },
  {
    name: '--yes of a missing type: not found (exit 3), no DELETE sent',
    args: ['license-type', 'delete', '999', '--yes', ...T],
    mock: (api) => { api.intercept({ path: ltPath('', 999), method: 'GET' }).reply(404, { message: 'license type 999 does not exist in this group' }, JSON_HEADERS); },
    code: 3,
    stdout: '',
    stderr: `licensectl: license type 999 not found in group ${GROUP} (404): see the group's license types with \`licensectl license-type list\`\n`,
    requests: [`GET ${ltPath('', 999)}`],
  },
  {
    name: 'terminal, a missing type: not found before asking (exit 3)',
    args: ['license-type', 'delete', '999', ...T],
    tty: true,
    stdinTty: true,
    input: 'y\n',
    mock: (api) => { api.intercept({ path: ltPath('', 999), method: 'GET' }).reply(404, ''); },
    code: 3,
    stdout: '',
    stderr: `licensectl: license type 999 not found in group ${GROUP} (404): see the group's license types with \`licensectl license-type list\`\n`,
    requests: [`GET ${ltPath('', 999)}`],
  },
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

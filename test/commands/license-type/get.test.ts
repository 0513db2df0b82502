// `license-type get <id>` in-process against a mocked Fusion API.
import { describe, it } from 'vitest';
import { check, GROUP, INSTANCE, JSON_HEADERS, ltPath, types, type Case } from '../fixtures.js';

const T = ['--instance', INSTANCE, '--group', GROUP];
const seven = { ...types(1, 7)[0]!, extra: true };
const getSeven = (api: Parameters<NonNullable<Case['mock']>>[0]) => api.intercept({ path: ltPath('', 7), method: 'GET' }).reply(200, seven, JSON_HEADERS);

const cases: Case[] = [
  { name: 'pipe: one TSV row', args: ['license-type', 'get', '7', ...T], mock: getSeven, code: 0, stdout: '7\tType 7\tsku-7\tDesc 7\n', stderr: '', requests: [`GET ${ltPath('', 7)}`] },
  {
    name: 'terminal: field and value lines',
    args: ['license-type', 'get', '7', ...T],
    tty: true,
    mock: getSeven,
    code: 0,
    stdout: 'id           7\nname         Type 7\nsku          sku-7\ndescription  Desc 7\n',
    stderr: '',
  },
  { name: '--json: the server\'s object, extra fields kept', args: ['--json', 'license-type', 'get', '7', ...T], mock: getSeven, code: 0, stdout: JSON.stringify(seven, null, 2) + '\n', stderr: '' },
  {
    name: 'not found: exit 3',
    args: ['license-type', 'get', '8', ...T],
    mock: (api) => api.intercept({ path: ltPath('', 8), method: 'GET' }).reply(404, { message: 'no such license type' }, JSON_HEADERS),
    code: 3,
    stdout: '',
    stderr: /^licensectl: .*8.*not found.*\n$/,
  },
  { name: 'an id that is not a positive integer: usage, nothing sent', args: ['license-type', 'get', '0', ...T], code: 2, stdout: '', stderr: "licensectl: command-argument value '0' is invalid for argument 'id'. must be a positive integer.\n", requests: [] },
  {
    name: 'no instance anywhere: says how to store one',
    args: ['license-type', 'get', '7', '--group', GROUP],
    code: 2,
    stdout: '',
    stderr: 'licensectl: no DRaaS instance: pass --instance <name>, or store a default with a profile: `licensectl profile set <profile> --base-url <url> --instance <name> --use`\n',
  },
];

describe('license-type get', () => {
  it.each(cases)('$name', async (c) => { await check(c); });
});

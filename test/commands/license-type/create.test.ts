// `license-type create` in-process against a mocked Fusion API.
import { describe, it } from 'vitest';
import { check, GROUP, INSTANCE, JSON_HEADERS, jsonBody, ltPath, type Case } from '../fixtures.js';

const T = ['--instance', INSTANCE, '--group', GROUP];
const created = { id: 12, name: 'Gold seat', sku: 'gold', description: 'Premium' };
const post = (api: Parameters<NonNullable<Case['mock']>>[0]) => api
  .intercept({ path: ltPath(), method: 'POST', body: jsonBody({ name: 'Gold seat', sku: 'gold', description: 'Premium' }) })
  .reply(201, created, JSON_HEADERS);
const args = ['license-type', 'create', '--name', 'Gold seat', '--sku', 'gold', '--description', 'Premium', ...T];
const done = `✓ Created license type 12 (Gold seat) in group ${GROUP} (DRaaS instance ${INSTANCE})\n`;

const cases: Case[] = [
  { name: 'pipe: the created type as a TSV row, the confirmation on stderr', args, mock: post, code: 0, stdout: '12\tGold seat\tgold\tPremium\n', stderr: done, requests: [`POST ${ltPath()}`] },
  { name: 'terminal: fields, then the confirmation', args, tty: true, mock: post, code: 0, stdout: 'id           12\nname         Gold seat\nsku          gold\ndescription  Premium\n', stderr: done },
  { name: '--json: only the created type', args: ['--json', ...args], mock: post, code: 0, stdout: JSON.stringify(created, null, 2) + '\n', stderr: '' },
  {
    name: 'no --description sends ""',
    args: ['license-type', 'create', '--name', 'N', '--sku', 's', ...T],
    mock: (api) => api.intercept({ path: ltPath(), method: 'POST', body: jsonBody({ name: 'N', sku: 's', description: '' }) }).reply(201, { id: 1, name: 'N', sku: 's', description: '' }, JSON_HEADERS),
    code: 0,
    stdout: '1\tN\ts\t\n',
    stderr: `✓ Created license type 1 (N) in group ${GROUP} (DRaaS instance ${INSTANCE})\n`,
  },
  { name: 'missing --sku: usage error from the parser', args: ['license-type', 'create', '--name', 'N', ...T], code: 2, stdout: '', stderr: "licensectl: required option '--sku <sku>' not specified\n", requests: [] },
  {
    name: 'a 409 is a rejection (exit 5)',
    args,
    mock: (api) => api.intercept({ path: ltPath(), method: 'POST' }).reply(409, { message: 'sku exists' }, JSON_HEADERS),
    code: 5,
    stdout: '',
    stderr: /^licensectl: .*sku exists.*\n$/,
  },
];

describe('license-type create', () => {
  it.each(cases)('$name', async (c) => { await check(c); });
});

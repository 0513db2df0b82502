// `fusion-group list` in-process: one page or every page (following `next`), as a table, TSV or
// JSON; the role it needs named on a 403.
import { describe, it } from 'vitest';
import { check, ENV, INSTANCE, JSON_HEADERS, ORG, TOKEN, type Case } from '../fixtures.js';

const groupsPath = (query: string) => `/${ORG}/api/v01/draas/${INSTANCE}/groups${query ? `?${query}` : ''}`;
const A = { uuid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Acme HQ' };
const B = { uuid: '1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e', name: 'Acme Branch' };
const C = { uuid: '2c3d4e5f-6a7b-4c8d-ae9f-1a2b3c4d5e6f', name: 'Globex' };

const cases: Case[] = [
  {
    name: 'one page in a pipe: uuid and name per line, a note that there is more',
    args: ['fusion-group', 'list', '--instance', INSTANCE],
    mock: (api) => api.intercept({ path: groupsPath(''), method: 'GET', headers: { authorization: `Bearer ${TOKEN}` } })
      .reply(200, { groups: [A, B], results: 3, pages: 2, page: 1, next: 'tok2' }, JSON_HEADERS),
    code: 0,
    stdout: `${A.uuid}\tAcme HQ\n${B.uuid}\tAcme Branch\n`,
    stderr: 'page 1 of 2, 3 results: add --all for every page\n',
    requests: [`GET ${groupsPath('')}`],
  },
  {
    name: '--all follows next until there is none; --json prints one array',
    args: ['--json', 'fusion-group', 'list', '--instance', INSTANCE, '--all', '--search', 'a'],
    mock: (api) => {
      api.intercept({ path: groupsPath('search=a&page_size=1000'), method: 'GET' }).reply(200, { groups: [A, B], results: 3, pages: 2, page: 1, next: 'tok2' }, JSON_HEADERS);
      api.intercept({ path: groupsPath('search=a&page_size=1000&next=tok2'), method: 'GET' }).reply(200, { groups: [C], results: 3, pages: 2, page: 2, next: null }, JSON_HEADERS);
    },
    code: 0,
    stdout: JSON.stringify([A, B, C], null, 2) + '\n',
    stderr: '',
    requests: [`GET ${groupsPath('search=a&page_size=1000')}`, `GET ${groupsPath('search=a&page_size=1000&next=tok2')}`],
  },
  {
    name: 'a terminal gets a table and a footer',
    tty: true,
    args: ['fusion-group', 'list', '--instance', INSTANCE],
    mock: (api) => api.intercept({ path: groupsPath(''), method: 'GET' }).reply(200, { groups: [A], results: 1, pages: 1, page: 1, next: null }, JSON_HEADERS),
    code: 0,
    stdout: /UUID +│ NAME[\s\S]*0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d │ Acme HQ/,
    stderr: 'page 1 of 1, 1 result\n',
  },
  {
    name: 'none match: a note in a terminal',
    tty: true,
    args: ['fusion-group', 'list', '--instance', INSTANCE, '--search', 'zzz'],
    mock: (api) => api.intercept({ path: groupsPath('search=zzz'), method: 'GET' }).reply(200, { groups: [], results: 0, pages: 0, page: 1, next: null }, JSON_HEADERS),
    code: 0,
    stdout: '',
    stderr: `No groups match "zzz" in DRaaS instance ${INSTANCE}.\n`,
  },
  {
    name: 'a 403 names the role groups.list (exit 4)',
    args: ['fusion-group', 'list', '--instance', INSTANCE],
    mock: (api) => api.intercept({ path: groupsPath(''), method: 'GET' }).reply(403, { message: 'forbidden' }, JSON_HEADERS),
    code: 4,
    stdout: '',
    stderr: 'licensectl: the token lacks role groups.list (403): forbidden\n',
  },
  {
    name: 'next tokens that go round in a circle: exit 1, no endless loop',
    args: ['fusion-group', 'list', '--instance', INSTANCE, '--all'],
    mock: (api) => {
      api.intercept({ path: groupsPath('page_size=1000'), method: 'GET' }).reply(200, { groups: [A], results: 2, pages: 2, page: 1, next: 't' }, JSON_HEADERS);
      api.intercept({ path: groupsPath('page_size=1000&next=t'), method: 'GET' }).reply(200, { groups: [B], results: 2, pages: 2, page: 2, next: 't' }, JSON_HEADERS);
    },
    code: 1,
    stdout: '',
    stderr: 'licensectl: the server\'s answer is not what the API documents: GET groups: its "next" tokens go round in a circle\n',
  },
  {
    name: 'an answer without groups: exit 1',
    args: ['fusion-group', 'list', '--instance', INSTANCE],
    mock: (api) => api.intercept({ path: groupsPath(''), method: 'GET' }).reply(200, { items: [] }, JSON_HEADERS),
    code: 1,
    stdout: '',
    stderr: 'licensectl: the server\'s answer is not what the API documents: GET groups: "groups" is missing, not an array\n',
  },
  {
    name: 'no instance: usage error naming the flag, nothing sent',
    args: ['fusion-group', 'list'],
    code: 2,
    stdout: '',
    stderr: 'licensectl: no DRaaS instance: pass --instance <name>, or store a default with a profile\n',
    requests: [],
  },
];

describe('fusion-group list', () => {
  it.each(cases)('$name', async (c) => {
    await check({ ...c, env: { ...ENV, ...c.env } });
  });
});

// `license-type list` in-process against a mocked Fusion API: terminal, pipe and --json.
import { describe, it } from 'vitest';
import { check, GROUP, INSTANCE, JSON_HEADERS, ltPath, types, type Case } from '../fixtures.js';

const T = ['--instance', INSTANCE, '--group', GROUP];
const page = (n: number, extra: { page?: number; pages?: number; results?: number } = {}) => ({
  license_types: types(n), page: extra.page ?? 1, pages: extra.pages ?? 1, results: extra.results ?? n,
});

const cases: Case[] = [
  {
    name: 'pipe: TSV rows without header, nothing on stderr',
    args: ['license-type', 'list', ...T],
    mock: (api) => api.intercept({ path: ltPath(), method: 'GET' }).reply(200, page(2), JSON_HEADERS),
    code: 0,
    stdout: '1\tType 1\tsku-1\tDesc 1\n2\tType 2\tsku-2\tDesc 2\n',
    stderr: '',
    requests: [`GET ${ltPath()}`],
  },
  {
    name: 'terminal: a table, and the page footer on stderr',
    args: ['lt', 'ls', ...T],
    tty: true,
    mock: (api) => api.intercept({ path: ltPath(), method: 'GET' }).reply(200, page(2), JSON_HEADERS),
    code: 0,
    stdout: [
      '┌────┬────────┬───────┬─────────────┐',
      '│ ID │ NAME   │ SKU   │ DESCRIPTION │',
      '│ 1  │ Type 1 │ sku-1 │ Desc 1      │',
      '│ 2  │ Type 2 │ sku-2 │ Desc 2      │',
      '└────┴────────┴───────┴─────────────┘',
      '',
    ].join('\n'),
    stderr: 'page 1 of 1, 2 results\n',
  },
  {
    name: 'pipe, more pages: a note says how to get them all',
    args: ['license-type', 'list', '--page-size', '2', ...T],
    mock: (api) => api.intercept({ path: ltPath('page_size=2'), method: 'GET' }).reply(200, page(2, { pages: 3, results: 5 }), JSON_HEADERS),
    code: 0,
    stdout: '1\tType 1\tsku-1\tDesc 1\n2\tType 2\tsku-2\tDesc 2\n',
    stderr: 'page 1 of 3, 5 results: add --all for every page\n',
  },
  {
    name: 'query flags go under the API\'s names',
    args: ['license-type', 'list', '--search', 'Gold', '--sort', 'name', '--dir', 'desc', '--page-size', '2', '--page', '2', ...T],
    mock: (api) => api.intercept({ path: ltPath('search=Gold&sort=name&dir=desc&page_size=2&page=2'), method: 'GET' })
      .reply(200, { license_types: [], page: 2, pages: 1, results: 0 }, JSON_HEADERS),
    code: 0,
    stdout: '',
    stderr: '',
    requests: [`GET ${ltPath('search=Gold&sort=name&dir=desc&page_size=2&page=2')}`],
  },
  {
    name: 'terminal, nothing found: a sentence instead of an empty table',
    args: ['license-type', 'list', '--search', 'zzz', ...T],
    tty: true,
    mock: (api) => api.intercept({ path: ltPath('search=zzz'), method: 'GET' }).reply(200, { license_types: [], page: 1, pages: 1, results: 0 }, JSON_HEADERS),
    code: 0,
    stdout: '',
    stderr: `No license types match "zzz" in group ${GROUP} (DRaaS instance ${INSTANCE}).\n`,
  },
  {
    name: '--json: the array of types, as a terminal too',
    args: ['--json', 'license-type', 'list', ...T],
    tty: true,
    mock: (api) => api.intercept({ path: ltPath(), method: 'GET' }).reply(200, page(1), JSON_HEADERS),
    code: 0,
    stdout: JSON.stringify(types(1), null, 2) + '\n',
    stderr: '',
  },
  {
    name: '--all: every page at the largest page size',
    args: ['license-type', 'list', '--all', ...T],
    mock: (api) => {
      api.intercept({ path: ltPath('page_size=1000&page=1'), method: 'GET' }).reply(200, { license_types: types(1), page: 1, pages: 2, results: 2 }, JSON_HEADERS);
      api.intercept({ path: ltPath('page_size=1000&page=2'), method: 'GET' }).reply(200, { license_types: types(1, 2), page: 2, pages: 2, results: 2 }, JSON_HEADERS);
    },
    code: 0,
    stdout: '1\tType 1\tsku-1\tDesc 1\n2\tType 2\tsku-2\tDesc 2\n',
    stderr: '',
  },
  {
    name: '--all with --page is a usage error, nothing sent',
    args: ['license-type', 'list', '--all', '--page', '2', ...T],
    code: 2,
    stdout: '',
    stderr: 'licensectl: --all reads every page: leave out --page\n',
    requests: [],
  },
  {
    name: 'a group that is neither a UUID nor a name is a usage error',
    args: ['license-type', 'list', '--instance', INSTANCE, '--group', 'no\u0007pe'],
    code: 2,
    stdout: '',
    stderr: 'licensectl: bad group "no\\u0007pe": it contains control characters\n',
    requests: [],
  },
  {
    name: 'a 403 names the role the token lacks (exit 4)',
    args: ['license-type', 'list', ...T],
    mock: (api) => api.intercept({ path: ltPath(), method: 'GET' }).reply(403, { message: 'forbidden' }, JSON_HEADERS),
    code: 4,
    stdout: '',
    stderr: /^licensectl: the token lacks role groups\.instance\.license_types\.list \(403\)/,
  },
];

describe('license-type list', () => {
  it.each(cases)('$name', async (c) => { await check(c); });
});

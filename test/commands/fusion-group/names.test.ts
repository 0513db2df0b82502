// A Fusion group named by its name (license-type --group, profile set --group): looked up with the
// group list; one match is used by UUID, several are exit 2 listing them, none is exit 3 with the
// nearest names. A UUID is used as it is, with no lookup.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoreData } from '../../../src/config/profile.js';
import { runInProcess, tempConfigDir } from '../../helpers/inprocess.js';
import { BASE_URL, check, ENV, GROUP, INSTANCE, JSON_HEADERS, ORG, type Case } from '../fixtures.js';

const groupsPath = (query: string) => `/${ORG}/api/v01/draas/${INSTANCE}/groups?${query}`;
const ltOf = (uuid: string) => `/${ORG}/api/v01/draas/${INSTANCE}/groups/${uuid}/license_types`;
const HQ = { uuid: GROUP, name: 'Acme HQ' };
const HQ_OLD = { uuid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'acme hq' };
const HQ_EAST = { uuid: '1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e', name: 'Acme HQ East' };
const GLOBEX = { uuid: '2c3d4e5f-6a7b-4c8d-ae9f-1a2b3c4d5e6f', name: 'Globex Sales' };
const page = (groups: object[]) => ({ groups, results: groups.length, pages: 1, page: 1, next: null });
const list = (group: string) => ['license-type', 'list', '--instance', INSTANCE, '--group', group];

const cases: Case[] = [
  {
    name: 'one group has the name (case-insensitive): its UUID is used',
    args: list('ACME hq'),
    mock: (api) => {
      api.intercept({ path: groupsPath('search=ACME+hq&page_size=1000'), method: 'GET' }).reply(200, page([HQ, HQ_EAST]), JSON_HEADERS);
      api.intercept({ path: ltOf(GROUP), method: 'GET' }).reply(200, { license_types: [], page: 1, pages: 1, results: 0 }, JSON_HEADERS);
    },
    code: 0,
    stdout: '',
    stderr: '',
    requests: [`GET ${groupsPath('search=ACME+hq&page_size=1000')}`, `GET ${ltOf(GROUP)}`],
  },
  {
    name: 'several groups have the name: exit 2 listing them, nothing else sent',
    args: list('Acme HQ'),
    mock: (api) => api.intercept({ path: groupsPath('search=Acme+HQ&page_size=1000'), method: 'GET' }).reply(200, page([HQ, HQ_OLD, HQ_EAST]), JSON_HEADERS),
    code: 2,
    stdout: '',
    stderr: `licensectl: 2 groups are named "Acme HQ" in DRaaS instance ${INSTANCE}: ${GROUP} (Acme HQ), ${HQ_OLD.uuid} (acme hq); give the group's UUID instead\n`,
    requests: [`GET ${groupsPath('search=Acme+HQ&page_size=1000')}`],
  },
  {
    name: 'no group has the name: exit 3 with the nearest names',
    args: list('Acme HG'),
    mock: (api) => {
      api.intercept({ path: groupsPath('search=Acme+HG&page_size=1000'), method: 'GET' }).reply(200, page([]), JSON_HEADERS);
      api.intercept({ path: groupsPath('page_size=1000'), method: 'GET' }).reply(200, page([HQ, HQ_EAST, GLOBEX]), JSON_HEADERS);
    },
    code: 3,
    stdout: '',
    stderr: `licensectl: no group named "Acme HG" in DRaaS instance ${INSTANCE}; nearest: Acme HQ (see \`licensectl fusion-group list\`)\n`,
  },
  {
    name: 'the lookup needs the role groups.list: a 403 says so, and that a UUID works without it',
    args: list('Acme HQ'),
    mock: (api) => api.intercept({ path: groupsPath('search=Acme+HQ&page_size=1000'), method: 'GET' }).reply(403, { message: 'forbidden' }, JSON_HEADERS),
    code: 4,
    stdout: '',
    stderr: 'licensectl: the token lacks role groups.list (403): forbidden; it is needed to look the group "Acme HQ" up by name: give the group\'s UUID instead\n',
  },
  {
    name: 'a UUID is used as it is: no lookup',
    args: list(GROUP.toUpperCase()),
    mock: (api) => api.intercept({ path: ltOf(GROUP.toUpperCase()), method: 'GET' }).reply(200, { license_types: [], page: 1, pages: 1, results: 0 }, JSON_HEADERS),
    code: 0,
    stdout: '',
    stderr: '',
    requests: [`GET ${ltOf(GROUP.toUpperCase())}`],
  },
];

describe('--group <name>', () => {
  it.each(cases)('$name', async (c) => {
    await check({ ...c, env: { ...ENV, ...c.env } });
  });

  it('profile set --group <name> stores the UUID it stands for', async () => {
    const configDir = tempConfigDir();
    const r = await check({
      name: '',
      args: ['profile', 'set', 'lab', '--base-url', BASE_URL, '--instance', INSTANCE, '--group', 'Globex Sales'],
      env: ENV,
      configDir,
      mock: (api) => api.intercept({ path: groupsPath('search=Globex+Sales&page_size=1000'), method: 'GET' }).reply(200, page([GLOBEX]), JSON_HEADERS),
      code: 0,
      stdout: '',
      stderr: `Group "Globex Sales" is ${GLOBEX.uuid}.\n✓ Created profile "lab"\n`,
    });
    const data = JSON.parse(fs.readFileSync(path.join(r.configDir, 'config.json'), 'utf8')) as StoreData;
    expect(data.profiles.lab).toEqual({ baseUrl: BASE_URL, instance: INSTANCE, group: GLOBEX.uuid });
  });

  it('profile set --group <name> that matches nothing stores nothing (exit 3)', async () => {
    const configDir = tempConfigDir();
    await check({
      name: '',
      args: ['profile', 'set', 'lab', '--base-url', BASE_URL, '--instance', INSTANCE, '--group', 'Nope'],
      env: ENV,
      configDir,
      mock: (api) => {
        api.intercept({ path: groupsPath('search=Nope&page_size=1000'), method: 'GET' }).reply(200, page([]), JSON_HEADERS);
        api.intercept({ path: groupsPath('page_size=1000'), method: 'GET' }).reply(200, page([GLOBEX]), JSON_HEADERS);
      },
      code: 3,
      stdout: '',
      stderr: `licensectl: no group named "Nope" in DRaaS instance ${INSTANCE} (see \`licensectl fusion-group list\`)\n`,
    });
    const listed = await runInProcess(['--json', 'profile', 'list'], { configDir });
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });
});

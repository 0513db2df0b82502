// 404 messages: one cause and one next step, ids named once, and the base URL (not the group)
// blamed when the answer does not come from the API.
import { describe, expect, it } from 'vitest';
import { check, GROUP, INSTANCE, JSON_HEADERS, ltPath, ACCOUNT, groupPath, type Case } from '../commands/fixtures.js';

const T = ['--instance', INSTANCE, '--group', GROUP];
const G = 'a1b2c3d4-0000-4000-8000-000000000001';
const BASE = 'http://127.0.0.1:9/acme';

/** No id appears twice in the message. */
function idsOnce(message: string, ids: string[]): void {
  for (const id of ids) expect(message.split(id).length - 1, `${id} in ${message}`).toBeLessThanOrEqual(1);
}

describe('404 messages', () => {
  const cases: (Case & { ids?: string[] })[] = [
    {
      name: 'lt get of a missing type: the type, once, and a hint to list the types',
      args: ['lt', 'get', '7', ...T],
      mock: (api) => { api.intercept({ path: ltPath('', 7), method: 'GET' }).reply(404, { message: `license type 7 does not exist in group ${GROUP}` }, JSON_HEADERS); },
      code: 3,
      stdout: '',
      stderr: `licensectl: license type 7 not found in group ${GROUP} (404): see the group's license types with \`licensectl license-type list\`\n`,
    },
    {
      name: 'lt get when the server says the group is unknown: the group is the cause',
      args: ['lt', 'get', '7', ...T],
      mock: (api) => { api.intercept({ path: ltPath('', 7), method: 'GET' }).reply(404, { message: `group ${GROUP} does not exist in DRaaS instance ${INSTANCE}` }, JSON_HEADERS); },
      code: 3,
      stdout: '',
      stderr: `licensectl: group ${GROUP} not found in DRaaS instance ${INSTANCE} (404): check --group and --instance (the profile's defaults: \`licensectl profile show\`)\n`,
    },
    {
      name: 'lt list answered by a web server page: the base URL, not the group',
      args: ['lt', 'list', ...T],
      mock: (api) => { api.intercept({ path: ltPath(), method: 'GET' }).reply(404, '<html><body><h1>Not Found</h1></body></html>', { headers: { 'content-type': 'text/html' } }); },
      code: 3,
      stdout: '',
      stderr: `licensectl: ${BASE} answered 404 (Not Found), not as the API does: the base URL is probably wrong; check the base URL with \`licensectl profile show\` (or --base-url / LICENSECTL_BASE_URL)\n`,
    },
    {
      name: 'a JSON "no route" answer that quotes the path: the base URL, though the path holds the group',
      args: ['lt', 'list', ...T],
      mock: (api) => { api.intercept({ path: ltPath(), method: 'GET' }).reply(404, { message: `no route for GET ${ltPath()}` }, JSON_HEADERS); },
      code: 3,
      stdout: '',
      stderr: /^licensectl: http:\/\/127\.0\.0\.1:9\/acme answered 404 \(no route for GET \/acme\/api\/.*\), not as the API does: the base URL is probably wrong; /,
    },
    {
      name: 'group allocate of a missing UiPath group: the group once, and where to look',
      args: ['group', 'allocate', G, '--codes', 'IDU', '--account', ACCOUNT],
      mock: (api) => { api.intercept({ path: groupPath(G), method: 'GET' }).reply(404, { message: `group ${G} does not exist in account ${ACCOUNT}` }, JSON_HEADERS); },
      code: 3,
      stdout: '',
      stderr: `licensectl: group ${G} not found in organization ${ACCOUNT} (404): check the group's ID or name (\`licensectl group list\` shows the groups that have a license rule)\n`,
      ids: [G, ACCOUNT],
    },
    {
      name: 'an empty 404 to lt get: the type (the most specific suspect)',
      args: ['lt', 'get', '7', ...T],
      mock: (api) => { api.intercept({ path: ltPath('', 7), method: 'GET' }).reply(404, ''); },
      code: 3,
      stdout: '',
      stderr: `licensectl: license type 7 not found in group ${GROUP} (404): see the group's license types with \`licensectl license-type list\`\n`,
    },
  ];
  it.each(cases)('$name', async (c) => {
    const r = await check(c);
    idsOnce(r.stderr, c.ids ?? [GROUP, INSTANCE]);
  });
});

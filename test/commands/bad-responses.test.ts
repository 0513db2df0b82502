// Bad server answers: a corpus of malformed responses to list, get, create, update, delete and
// group allocate, from a real (hostile) HTTP server on loopback. Pipe cases run the CLI in-process;
// terminal cases spawn the built binary under a real pseudo-terminal. Each gets either a clear one-line error (exit 1 when the answer is not
// what the API documents) or a safe rendering: never a crash, a stack trace, or a control character
// from the server reaching the terminal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempConfigDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inprocess.js';
import { startHostileServer, type Received, type Script, type Scripted } from '../helpers/hostile-server.js';
import fs from 'node:fs';

const GROUP = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
const T = ['--instance', 'draas1', '--group', GROUP];
const LT = `/api/v01/draas/draas1/groups/${GROUP}/license_types`;
const ACCOUNT = 'a1c3e5f7-0b2d-4f6a-8c1e-3d5f7a9b1c2e';
const TYPE = { id: 7, name: 'Gold', sku: 'gold', description: 'Premium' };
const page = (items: unknown[], extra: Record<string, unknown> = {}) => ({ license_types: items, page: 1, pages: 1, results: items.length, ...extra });
const UGROUP = '9d2f4a6b-1c3e-4a5b-9d7f-2e4a6c8e0f99';
const ALLOCATION = { groupId: UGROUP, organizationId: ACCOUNT, useExternalLicense: false, userBundleCodes: ['IDU'] };
/** A group's rule as GET answers it: no codes yet, the organization owns IDU. */
const RULE = { allocatedUserBundles: [], availableUserBundles: [{ code: 'IDU', allocated: 0, total: 10 }], useExternalLicense: false };

const COMMANDS = {
  list: ['lt', 'list', ...T],
  all: ['lt', 'list', '--all', ...T],
  get: ['lt', 'get', '7', ...T],
  create: ['lt', 'create', '--name', 'Gold', '--sku', 'gold', ...T],
  update: ['lt', 'update', '7', '--name', 'Platinum', ...T],
  delete: ['lt', 'delete', '7', '--yes', ...T],
  allocate: ['group', 'allocate', UGROUP, '--codes', 'IDU', '--account', ACCOUNT],
  show: ['group', 'show', UGROUP, '--account', ACCOUNT],
  groups: ['group', 'list', '--account', ACCOUNT],
  licenses: ['account', 'licenses', '--account', ACCOUNT],
} as const;
type Command = keyof typeof COMMANDS;

interface Case {
  name: string;
  cmd: Command;
  /** For update, the answer to the PUT (the GET gets TYPE) unless a function is given. */
  script: Script;
  code: number;
  /** Failure: the one error line after `licensectl: `. Success: what stderr must match ('' for nothing). */
  stderr?: RegExp | '';
  /** Success: stdout exactly, or a check of it. */
  stdout?: string | ((out: string) => void);
  flags?: string[];
  tty?: boolean;
  /** The methods the server must have seen, in order (create: always exactly one POST). */
  sent?: string[];
}

/** A body sent byte for byte with this content type. */
const raw = (body: string | Buffer, type = 'application/json', status = 200): Scripted => ({ status, headers: { 'content-type': type }, body });
const json = (body: unknown, status = 200): Scripted => ({ status, body });
/** update: the GET answers the documented type, the PUT answers `put`. */
const onPut = (put: Scripted): Script => (q: Received) => (q.method === 'GET' ? { body: TYPE } : put);
/** delete: the GET (delete reads first) answers the documented type, the DELETE answers `del`. */
const onDelete = (del: Scripted): Script => (q: Received) => (q.method === 'GET' ? { body: TYPE } : del);
/** group allocate: the GET answers a documented rule, the PUT answers `put`. */
const onAllocate = (put: Scripted): Script => (q: Received) => (q.method === 'GET' ? { body: RULE } : put);

const ESC = '\u001b';
const HOSTILE = `${ESC}[2J${ESC}]0;pwned\u0007Gold${ESC}[31m\u009b1m\u0000`;
const DEEP = '['.repeat(10_000) + ']'.repeat(10_000);
const NON_UTF8 = Buffer.concat([Buffer.from('{"license_types":[{"id":7,"name":"Gold '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","sku":"gold","description":"x"}],"page":1,"pages":1,"results":1}')]);
const BIG_COUNT = 30_000;
const bigPage = () => page(Array.from({ length: BIG_COUNT }, (_, i) => ({ id: i + 1, name: `License type number ${i + 1} with a long enough name`, sku: `SKU-${i + 1}`, description: `Description of license type ${i + 1}, padded to make the answer big.` })));
const notDocumented = (what: string) => new RegExp(`^the server's answer is not what the API documents: ${what}`);

const CORPUS: Case[] = [
  // list: wrong shapes
  { name: 'list: an array instead of the page object', cmd: 'list', script: json([TYPE]), code: 1, stderr: notDocumented('GET license_types: expected an object with "license_types", got an array$') },
  { name: 'list: 200 with null', cmd: 'list', script: json(null), code: 1, stderr: notDocumented('GET license_types: expected an object with "license_types", got null$') },
  { name: 'list: empty 200', cmd: 'list', script: raw(''), code: 1, stderr: /got an empty body$/ },
  { name: 'list: 204 where a page is expected', cmd: 'list', script: { status: 204 }, code: 1, stderr: /got an empty body$/ },
  { name: 'list: "license_types" is an object', cmd: 'list', script: json({ license_types: {}, page: 1, pages: 1, results: 0 }), code: 1, stderr: /"license_types" is an object, not an array$/ },
  { name: 'list: page, pages and results missing', cmd: 'list', script: json({ license_types: [TYPE] }), code: 1, stderr: /"page" is missing, not a count$/ },
  { name: 'list: negative pages', cmd: 'list', script: json(page([TYPE], { pages: -1 })), code: 1, stderr: /"pages" is number -1, not a count$/ },
  { name: 'list: fractional pages', cmd: 'list', script: json(page([TYPE], { pages: 1.5 })), code: 1, stderr: /"pages" is number 1\.5, not a count$/ },
  { name: 'list: results as a string', cmd: 'list', script: json(page([TYPE], { results: '1' })), code: 1, stderr: /"results" is the string "1", not a count$/ },
  { name: 'list: an id as a string', cmd: 'list', script: json(page([{ ...TYPE, id: '7' }])), code: 1, stderr: /license_types\[0\] has an id that is not an integer \(the string "7"\)$/ },
  { name: 'list: a negative id', cmd: 'list', script: json(page([TYPE, { ...TYPE, id: -3 }])), code: 1, stderr: /license_types\[1\] has an id below 1 \(-3\)$/ },
  { name: 'list: a float id', cmd: 'list', script: json(page([{ ...TYPE, id: 7.5 }])), code: 1, stderr: /id that is not an integer \(number 7\.5\)$/ },
  { name: 'list: an id past 2^53', cmd: 'list', script: raw('{"license_types":[{"id":9007199254740993,"name":"x"}],"page":1,"pages":1,"results":1}'), code: 1, stderr: /id that is not an integer \(number 9007199254740992\)$/ },
  { name: 'list: an id missing', cmd: 'list', script: json(page([{ name: 'Gold' }])), code: 1, stderr: /id that is not an integer \(missing\)$/ },
  { name: 'list: an item that is a string', cmd: 'list', script: json(page(['Gold'])), code: 1, stderr: /license_types\[0\] is the string "Gold", not an object$/ },
  { name: 'list: an item that is null', cmd: 'list', script: json(page([null])), code: 1, stderr: /license_types\[0\] is null, not an object$/ },
  // list: odd but renderable
  { name: 'list: name as an object is shown as JSON', cmd: 'list', script: json(page([{ ...TYPE, name: { en: 'Gold', fr: 'Or' } }])), code: 0, stderr: '', stdout: '7\t{"en":"Gold","fr":"Or"}\tgold\tPremium\n' },
  { name: 'list: array name, numeric sku, null description', cmd: 'list', script: json(page([{ id: 7, name: ['a', 'b'], sku: 42, description: null }])), code: 0, stderr: '', stdout: '7\t["a","b"]\t42\t\n' },
  { name: 'list: ANSI and OSC sequences in a name, in a pipe: escaped', cmd: 'list', script: json(page([{ ...TYPE, name: HOSTILE }])), code: 0, stderr: '', stdout: '7\t\\x1b[2J\\x1b]0;pwned\\x07Gold\\x1b[31m\\x9b1m\\x00\tgold\tPremium\n' },
  { name: 'list: ANSI and OSC sequences in a name, on a terminal: stripped', cmd: 'list', tty: true, script: json(page([{ ...TYPE, name: HOSTILE }])), code: 0, stdout: (out) => expect(out).toMatch(/│ 7 +│ \[2J\]0;pwnedGold\[31m1m +│ gold +│ Premium +│/) },
  { name: 'list: newline, tab and backslash in a name stay in one TSV record', cmd: 'list', script: json(page([{ ...TYPE, name: 'Gold\nSilver\tBronze\\' }, { ...TYPE, id: 8 }])), code: 0, stderr: '', stdout: '7\tGold\\nSilver\\tBronze\\\\\tgold\tPremium\n8\tGold\tgold\tPremium\n' },
  { name: 'list: bytes that are not UTF-8', cmd: 'list', script: raw(NON_UTF8), code: 0, stderr: '', stdout: '7\tGold \uFFFD\uFFFD\uFFFD\tgold\tx\n' },
  { name: 'list: results 0 beside two items', cmd: 'list', script: json(page([TYPE, { ...TYPE, id: 8 }], { results: 0 })), code: 0, stderr: '', stdout: '7\tGold\tgold\tPremium\n8\tGold\tgold\tPremium\n' },
  { name: 'list: page 1 of 3, then empty pages, with --all', cmd: 'all', script: (q) => json(page(new URLSearchParams(q.query).get('page') === '1' ? [TYPE] : [], { pages: 3, results: 3 })), code: 0, stderr: /^! the list changed while it was read: the server counted 3, 1 were received\n$/, stdout: '7\tGold\tgold\tPremium\n' },
  { name: 'list --all: a page count no group has', cmd: 'all', script: json(page([TYPE], { pages: 1e9, results: 1e9 })), code: 1, stderr: /"pages" is 1000000000, more than 100000$/ },
  { name: 'list --all: page 2 answers HTML', cmd: 'all', script: (q) => (new URLSearchParams(q.query).get('page') === '1' ? json(page([TYPE], { pages: 2, results: 2 })) : raw('<html><body>Session expired</body></html>', 'text/html')), code: 1, stderr: /^GET .*license_types answered 200 with something that is not JSON \(text\/html\): Session expired$/ },
  { name: 'list: a JSON name nested 10000 deep', cmd: 'list', script: raw(`{"license_types":[{"id":7,"name":${DEEP}}],"page":1,"pages":1,"results":1}`), code: 1, stderr: /^GET .*license_types answered JSON nested more than 64 levels deep; refusing it$/ },
  { name: 'list: a __proto__ key is plain data', cmd: 'list', flags: ['--json'], script: raw(`{"license_types":[{"id":7,"name":"Gold","__proto__":{"polluted":true}}],"page":1,"pages":1,"results":1}`), code: 0, stderr: '', stdout: (out) => expect(JSON.parse(out)).toEqual([JSON.parse('{"id":7,"name":"Gold","__proto__":{"polluted":true}}')]) },
  // list: wrong content
  { name: 'list: an HTML sign-in page', cmd: 'list', script: raw('<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please sign in</body></html>', 'text/html; charset=utf-8'), code: 1, stderr: new RegExp(`^GET ${LT} answered 200 with something that is not JSON \\(text/html\\): Sign in Please sign in$`) },
  { name: 'list: XML', cmd: 'list', script: raw('<?xml version="1.0"?><license_types/>', 'application/xml'), code: 1, stderr: /answered 200 with something that is not JSON \(application\/xml\): <\?xml version="1\.0"\?><license_types\/>$/ },
  { name: 'list: truncated JSON', cmd: 'list', script: raw('{"license_types":[{"id":7,"name":"Go'), code: 1, stderr: /not JSON \(application\/json\): \{"license_types":\[\{"id":7,"name":"Go$/ },
  { name: 'list: valid JSON labelled text/plain is read', cmd: 'list', script: raw(JSON.stringify(page([TYPE])), 'text/plain'), code: 0, stderr: '', stdout: '7\tGold\tgold\tPremium\n' },
  { name: 'list: over 64 MiB', cmd: 'list', script: { stream: { prefix: '{"license_types":[{"id":1,"name":"', chunk: 'x'.repeat(1 << 20), count: 66, suffix: '"}],"page":1,"pages":1,"results":1}' } }, code: 1, stderr: /^the server's answer is larger than 64 MiB; refusing to read it$/ },
  { name: 'list: a valid 5 MB answer', cmd: 'list', script: { body: bigPage() }, code: 0, stderr: '', stdout: (out) => { const lines = out.split('\n'); expect(lines).toHaveLength(BIG_COUNT + 1); expect(lines[BIG_COUNT - 1]).toMatch(/^30000\tLicense type number 30000 /); } },
  { name: 'list: a redirect', cmd: 'list', script: { status: 302, headers: { location: 'https://login.example.com/sso' }, body: '' }, code: 1, stderr: new RegExp(`^GET ${LT} answered 302, a redirect to https://login.example.com/sso, which licensectl does not follow: check the base URL$`) },
  // list: error statuses
  { name: 'list: 500 whose message carries escape sequences and lines', cmd: 'list', script: json({ message: `${ESC}[31mdatabase${ESC}[0m down\r\nretry later` }, 500), code: 1, stderr: new RegExp(`^GET ${LT} failed with 500 server error: \\[31mdatabase\\[0m down retry later$`) },
  { name: 'list: 404 as an HTML page', cmd: 'list', script: raw('<html>\n<head><title>404 Not Found</title></head>\n<body>nginx</body></html>', 'text/html', 404), code: 3, stderr: /^\S+ answered 404 \(404 Not Found\), not as the API does: the base URL is probably wrong; / },
  { name: 'list: 403 without a body', cmd: 'list', script: { status: 403 }, code: 4, stderr: /^the token lacks role groups\.instance\.license_types\.list \(403\)$/ },
  { name: 'list: 401', cmd: 'list', script: json({ error: 'invalid_token' }, 401), code: 4, stderr: /^the server refused the token \(401\): the token in LICENSECTL_TOKEN is invalid or expired; set a valid one: invalid_token$/ },
  { name: 'list: 400 with a 1 MB message', cmd: 'list', script: json({ message: 'y'.repeat(1 << 20) }, 400), code: 5, stderr: /^the server rejected the list request \(400\): y{300}$/ },
  { name: 'list: 418, an undocumented status', cmd: 'list', script: json({ error: { message: 'short and stout' } }, 418), code: 1, stderr: new RegExp(`^GET ${LT} failed with 418: short and stout$`) },
  { name: 'list: 200 with a text error', cmd: 'list', script: raw('Internal error: NullPointerException at line 42', 'text/plain'), code: 1, stderr: /not JSON \(text\/plain\): Internal error: NullPointerException at line 42$/ },
  // get
  { name: 'get: an array around the type', cmd: 'get', script: json([TYPE]), code: 1, stderr: notDocumented('GET license_types/7: the license type is an array, not an object$') },
  { name: 'get: the id as a string', cmd: 'get', script: json({ ...TYPE, id: '7' }), code: 1, stderr: /the license type has an id that is not an integer \(the string "7"\)$/ },
  { name: 'get: 204 where a body is expected', cmd: 'get', script: { status: 204 }, code: 1, stderr: /GET license_types\/7: the body is empty, expected the license type$/ },
  { name: 'get: 200 with null', cmd: 'get', script: json(null), code: 1, stderr: /the license type is null, not an object$/ },
  { name: 'get: a JSON string', cmd: 'get', script: raw('"ok"'), code: 1, stderr: /the license type is the string "ok", not an object$/ },
  { name: 'get: another type than asked for', cmd: 'get', script: json({ ...TYPE, id: 8 }), code: 1, stderr: /GET license_types\/7: it describes license type 8, not 7$/ },
  { name: 'get: only an id', cmd: 'get', script: json({ id: 7 }), code: 0, stderr: '', stdout: '7\t\t\t\n' },
  { name: 'get: control characters, --json', cmd: 'get', flags: ['--json'], script: json({ ...TYPE, name: HOSTILE }), code: 0, stderr: '', stdout: (out) => expect(JSON.parse(out)).toEqual({ ...TYPE, name: HOSTILE }) },
  { name: 'get: control characters, on a terminal', cmd: 'get', tty: true, script: json({ ...TYPE, name: HOSTILE, description: 'line one\nline two' }), code: 0, stdout: (out) => expect(out).toContain('name         [2J]0;pwnedGold[31m1m\n') },
  { name: 'get: a nested name, --json', cmd: 'get', flags: ['--json'], script: json({ ...TYPE, name: { a: [1, { b: null }] } }), code: 0, stderr: '', stdout: (out) => expect(JSON.parse(out)).toEqual({ ...TYPE, name: { a: [1, { b: null }] } }) },
  // create
  { name: 'create: 201 without an id', cmd: 'create', script: json({ name: 'Gold', sku: 'gold', description: '' }, 201), code: 1, stderr: /POST license_types: the created license type has an id that is not an integer \(missing\) \(the license type was probably created: look for sku "gold" with `licensectl license-type list --search`\)$/ },
  { name: 'create: empty 201', cmd: 'create', script: { status: 201 }, code: 1, stderr: /expected the created license type, got an empty body \(the license type was probably created/ },
  { name: 'create: 200 with null', cmd: 'create', script: json(null), code: 1, stderr: /expected the created license type, got null \(the license type was probably created/ },
  { name: 'create: a float id', cmd: 'create', script: json({ ...TYPE, id: 1.5 }, 201), code: 1, stderr: /has an id that is not an integer \(number 1\.5\) \(the license type was probably created/ },
  { name: 'create: id 0', cmd: 'create', script: json({ ...TYPE, id: 0 }, 201), code: 1, stderr: /has an id below 1 \(0\) \(the license type was probably created/ },
  { name: 'create: 201 with an HTML body', cmd: 'create', script: raw('<html><body>Created</body></html>', 'text/html', 201), code: 1, stderr: new RegExp(`^POST ${LT} answered 201 with something that is not JSON \\(text/html\\): Created \\(the license type was probably created: look for sku "gold"`) },
  { name: 'create: 303 See Other', cmd: 'create', script: { status: 303, headers: { location: `${LT}/7` } }, code: 1, stderr: /answered 303, a redirect to .*license_types\/7, which licensectl does not follow: check the base URL \(the license type was probably created/ },
  { name: 'create: name as an object is shown as JSON', cmd: 'create', script: json({ ...TYPE, name: { en: 'Gold' } }, 201), code: 0, stderr: /^✓ Created license type 7 \(\{"en":"Gold"\}\) in group /, stdout: '7\t{"en":"Gold"}\tgold\tPremium\n' },
  { name: 'create: 500 as an HTML page', cmd: 'create', script: raw('<html><head><title>500 Internal Server Error</title></head></html>', 'text/html', 500), code: 1, stderr: new RegExp(`^POST ${LT} failed with 500 server error: 500 Internal Server Error$`) },
  { name: 'create: 409', cmd: 'create', script: json({ error: 'conflict', message: 'sku gold exists' }, 409), code: 5, stderr: new RegExp(`^POST ${LT} failed with 409 conflict: sku gold exists$`) },
  // update
  { name: 'update: PUT answers an array', cmd: 'update', script: onPut(json([])), code: 1, stderr: /PUT license_types\/7: expected the stored fields, got an array$/ },
  { name: 'update: PUT answers a string', cmd: 'update', script: onPut(raw('"ok"')), code: 1, stderr: /expected the stored fields, got the string "ok"$/ },
  { name: 'update: PUT answers 204', cmd: 'update', script: onPut({ status: 204 }), sent: ['GET', 'PUT'], code: 0, stderr: /^✓ Updated license type 7 \(Platinum\)\n  name: "Gold" → "Platinum"\n$/, stdout: '7\tPlatinum\tgold\tPremium\n' },
  { name: 'update: PUT answers a name as an object', cmd: 'update', script: onPut(json({ name: { en: 'Platinum' }, sku: 'gold', description: 'Premium' })), code: 0, stdout: '7\t{"en":"Platinum"}\tgold\tPremium\n' },
  { name: 'update: PUT answers HTML', cmd: 'update', script: onPut(raw('<p>OK</p>', 'text/html')), code: 1, stderr: /^PUT .*license_types\/7 answered 200 with something that is not JSON \(text\/html\): OK$/ },
  { name: 'update: the GET describes another type: nothing is PUT', cmd: 'update', script: json({ ...TYPE, id: 8 }), sent: ['GET'], code: 1, stderr: /it describes license type 8, not 7$/ },
  { name: 'update: the GET lacks the sku: nothing is PUT', cmd: 'update', script: json({ id: 7, name: 'Gold' }), sent: ['GET'], code: 1, stderr: /^license type 7 as the server sent it has no sku, and the API's PUT needs all three fields: pass --sku too$/ },
  // delete
  { name: 'delete: 200 with an unexpected body', cmd: 'delete', script: onDelete(json({ weird: true })), code: 0, stderr: /^✓ Deleted license type 7 \(.*\) from group /, stdout: '' },
  { name: 'delete: 202 without a body', cmd: 'delete', script: onDelete({ status: 202 }), code: 0, stderr: /^✓ Deleted license type 7/, stdout: '' },
  { name: 'delete: 200 with HTML', cmd: 'delete', script: onDelete(raw('<h1>Deleted</h1>', 'text/html')), code: 1, stderr: /^DELETE .*license_types\/7 answered 200 with something that is not JSON \(text\/html\): Deleted$/ },
  { name: 'delete: 404 as HTML', cmd: 'delete', script: raw('<html><title>404 Not Found</title></html>', 'text/html', 404), code: 3, stderr: /^\S+ answered 404 \(404 Not Found\), not as the API does: the base URL is probably wrong; / },
  // group allocate
  { name: 'allocate: no organizationId', cmd: 'allocate', script: onAllocate(json({ ...ALLOCATION, organizationId: undefined })), code: 1, stderr: new RegExp(`^the server accepted the allocation of group ${UGROUP} but its answer is not a group allocation: "organizationId" is not a string$`) },
  { name: 'allocate: codes as a string', cmd: 'allocate', script: onAllocate(json({ ...ALLOCATION, userBundleCodes: 'IDU' })), code: 1, stderr: /"userBundleCodes" is not an array of strings$/ },
  { name: 'allocate: a code that is an object', cmd: 'allocate', script: onAllocate(json({ ...ALLOCATION, userBundleCodes: ['IDU', { code: 'X' }] })), code: 1, stderr: /"userBundleCodes" is not an array of strings$/ },
  { name: 'allocate: null', cmd: 'allocate', script: onAllocate(json(null)), code: 1, stderr: /answer is not a group allocation: it is not a JSON object$/ },
  { name: 'allocate: 204', cmd: 'allocate', script: onAllocate({ status: 204 }), code: 1, stderr: /answer is not a group allocation: the body is empty$/ },
  { name: 'allocate: HTML', cmd: 'allocate', script: onAllocate(raw('<html><body>Maintenance</body></html>', 'text/html')), code: 1, stderr: new RegExp(`^PUT .*/group/${UGROUP} answered 200 with something that is not JSON \\(text/html\\): Maintenance$`) },
  { name: 'allocate: useExternalLicense as a string', cmd: 'allocate', script: onAllocate(json({ ...ALLOCATION, useExternalLicense: 'false' })), code: 1, stderr: /"useExternalLicense" is not a boolean$/ },
  { name: 'allocate: escape sequences in the answer, in a pipe', cmd: 'allocate', script: onAllocate(json({ ...ALLOCATION, organizationId: `${ACCOUNT}${ESC}[2J` })), code: 0, stderr: '', stdout: `${UGROUP}\t${ACCOUNT}\\x1b[2J\tfalse\tIDU\n` },
  { name: 'allocate: an answer about another group is a failure', cmd: 'allocate', script: onAllocate(json({ ...ALLOCATION, groupId: 'ffffffff-1c3e-4a5b-9d7f-2e4a6c8e0f99' })), code: 1, stderr: new RegExp(`^the server accepted the allocation of group ${UGROUP} but its answer is about group "ffffffff-1c3e-4a5b-9d7f-2e4a6c8e0f99": `) },
  { name: 'allocate: an answer about another group, with escapes in its id', cmd: 'allocate', script: onAllocate(json({ ...ALLOCATION, groupId: `${UGROUP}${ESC}[2J` })), code: 1, stderr: /but its answer is about group .*\[2J/ },
  { name: 'allocate: an empty groupId is another group', cmd: 'allocate', script: onAllocate(json({ ...ALLOCATION, groupId: '' })), code: 1, stderr: /but its answer is about group ""/ },
  { name: 'allocate: the same group in upper case and braces is the group', cmd: 'allocate', script: onAllocate(json({ ...ALLOCATION, groupId: `{${UGROUP.toUpperCase()}}` })), code: 0, stderr: '', stdout: `{${UGROUP.toUpperCase()}}\t${ACCOUNT}\tfalse\tIDU\n` },
  { name: 'allocate: 409 with a text body', cmd: 'allocate', script: onAllocate(raw('Not enough licenses', 'text/plain', 409)), code: 5, stderr: new RegExp(`^the organization has not purchased enough licenses for this allocation of group ${UGROUP} \\(409\\): Not enough licenses$`) },
  { name: 'allocate: the GET answers a rule of another shape', cmd: 'allocate', script: json({ allocatedUserBundles: 'IDU', useExternalLicense: false }), code: 1, stderr: /"allocatedUserBundles" is not an array of strings$/, sent: ['GET'] },
  // group show, group list, account licenses
  { name: 'show: availableUserBundles is an object', cmd: 'show', script: json({ ...RULE, availableUserBundles: {} }), code: 1, stderr: /"availableUserBundles" is not an array$/ },
  { name: 'show: useExternalLicense missing', cmd: 'show', script: json({ allocatedUserBundles: ['IDU'], availableUserBundles: [] }), code: 1, stderr: /"useExternalLicense" is not a boolean$/ },
  { name: 'show: a count that is a string', cmd: 'show', script: json({ ...RULE, availableUserBundles: [{ code: 'IDU', allocated: '1', total: 2 }] }), code: 1, stderr: /availableUserBundles\[0\]\.allocated is not a non-negative integer$/ },
  { name: 'show: a hostile code, in a pipe: escaped', cmd: 'show', script: json({ ...RULE, allocatedUserBundles: [`IDU${ESC}[2J`], availableUserBundles: [] }), code: 0, stdout: 'IDU\\x1b[2J\t\tyes\t\t\n' },
  { name: 'group list: results missing', cmd: 'groups', script: json({ totalCount: 1 }), code: 1, stderr: /"results" is not an array$/ },
  { name: 'group list: a result without an id', cmd: 'groups', script: json({ totalCount: 1, results: [{ name: 'x', userBundleLicenses: [], useExternalLicense: false }] }), code: 1, stderr: /results\[0\]\.id is not a string$/ },
  { name: 'group list: negative totalCount', cmd: 'groups', script: json({ totalCount: -1, results: [] }), code: 1, stderr: /"totalCount" is not a non-negative integer$/ },
  { name: 'account licenses: an object', cmd: 'licenses', script: json({ code: 'IDU' }), code: 1, stderr: /it is not a JSON array$/ },
  { name: 'account licenses: total missing', cmd: 'licenses', script: json([{ code: 'IDU', allocated: 1 }]), code: 1, stderr: /\[0\]\.total is not a non-negative integer$/ },
];

let config: string;
beforeAll(() => {
  config = tempConfigDir();
});
afterAll(() => {
  fs.rmSync(config, { recursive: true, force: true });
});

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe(`bad server answers (${CORPUS.length} responses): a clear error or a safe rendering`, () => {
  it('the corpus holds at least 30 responses', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
  });

  it.concurrent.for(CORPUS)('$cmd: $name', async (c, { expect }) => {
    const server = await startHostileServer(c.script);
    let r: { code: number | null; stdout: string; stderr: string };
    try {
      const args = [...(c.flags ?? []), ...COMMANDS[c.cmd]];
      const env = { LICENSECTL_CONFIG_DIR: config, LICENSECTL_BASE_URL: server.url, LICENSECTL_TOKEN: 'tok-hostile', LICENSECTL_MAX_ATTEMPTS: '1', NO_COLOR: c.tty ? '1' : undefined };
      r = c.tty ? await runCli(args, { tty: true, env }) : await runInProcess(args, { env });
    } finally {
      await server.close();
    }
    // On a terminal stdout and stderr arrive merged, with \r\n line ends.
    const stdout = c.tty ? r.stdout.replace(/\r\n/g, '\n') : r.stdout;
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('unexpected error');
    expect(stdout, 'no raw control character on stdout').not.toMatch(CONTROL);
    expect(r.stderr, 'no raw control character on stderr').not.toMatch(CONTROL);
    const sent = c.sent ?? (c.cmd === 'create' ? ['POST'] : undefined);
    if (sent) expect(server.received.map((q) => q.method)).toEqual(sent);
    if (c.code !== 0) {
      expect(r.stderr).toMatch(/^licensectl: [^\n]+\n$/);
      expect(r.stderr.slice('licensectl: '.length, -1)).toMatch(c.stderr as RegExp);
      expect(stdout).toBe('');
    } else {
      if (c.stderr === '') expect(r.stderr).toBe('');
      else if (c.stderr) expect(r.stderr).toMatch(c.stderr);
      if (typeof c.stdout === 'string') expect(stdout).toBe(c.stdout);
      else c.stdout?.(stdout);
    }
    expect(r.code).toBe(c.code);
  });
});

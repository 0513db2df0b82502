// Bad command-line input: a corpus of malformed invocations, each of which must get one line on
// stderr starting `licensectl: `, exit code 2, nothing on stdout, and send nothing. The CLI runs
// in-process (nothing here needs a process of its own) pointed at a running sandbox over loopback
// HTTP, so a bug that does send is seen in its request log: every row has its own base path
// (`/row-N`), so a request is traced to the row that sent it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runInProcess as runCli, tempConfigDir } from '../helpers/inprocess.js';

const UUID = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
const T = ['--instance', 'draas1', '--group', UUID];
const ACCOUNT = ['--account', SANDBOX_DEFAULTS.accountId];

let sb: Sandbox;
let config: string;
let profiled: string;
// Made now, not in beforeAll: the corpus below names files in it.
const dir = tempConfigDir();

/** The path of a fixture file written in beforeAll. */
const F = (name: string) => path.join(dir, name);

const FILES: Record<string, string | Buffer> = {
  'not-json.json': '{"sku": "gold", name: "Gold"}',
  'empty.json': '',
  'object.json': '{"sku": "gold", "name": "Gold"}',
  'missing-name.json': '[{"sku": "gold"}]',
  'dup-sku.json': '[{"sku": "gold", "name": "A"}, {"sku": "gold", "name": "B"}]',
  'with-id.json': '[{"id": 7, "sku": "gold", "name": "Gold"}]',
  'extra-top.json': '{"license_types": [], "version": 2}',
  'null-item.json': '[null]',
  'bad-description.json': '[{"sku": "gold", "name": "Gold", "description": 5}]',
  'blank-sku.json': '[{"sku": "  ", "name": "Gold"}]',
  'bom-garbage.json': '\uFEFF[{"sku": "gold",,]',
  'binary.json': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]),
  'unknown-column.csv': 'groupId,codes,colour\ng1,IDU,red\n',
  'no-codes-column.csv': 'groupId,account\ng1,acc\n',
  'bad-external.csv': 'groupId,codes,externalLicense\ng1,IDU,true\ng2,IDU,yes\n',
  'unclosed-quote.csv': 'groupId,codes\ng1,IDU\n"g2,IDU\n',
  'dup-group.csv': 'groupId,codes\ng1,IDU\ng2,ACNU\ng1,TSTNU\n',
  'unknown-code.csv': 'groupId,codes\ng1,IDU\ng2,RPADEVPRONU;BOGUS\n',
  'blank-group.csv': 'groupId,codes\ng1,IDU\n ,IDU\n',
  'no-codes.csv': 'groupId,codes\ng1,IDU\ng2,;\n',
  'header-only.csv': 'groupId,codes\n',
  'empty.csv': '',
  'fields.csv': 'groupId,codes\ng1,IDU\ng2,IDU,extra\n',
  'bad-line.jsonl': '{"groupId": "g1", "codes": ["IDU"]}\n{"groupId": "g2", "codes": [IDU]}\n',
  'unknown-key.jsonl': '{"groupId": "g1", "codes": ["IDU"], "acount": "x"}\n',
  'codes-string.jsonl': '{"groupId": "g1", "codes": ["IDU"]}\n\n{"groupId": "g2", "codes": "IDU"}\n',
  'array-line.jsonl': '{"groupId": "g1", "codes": ["IDU"]}\n[1, 2]\n',
  'blank-account.jsonl': '{"groupId": "g1", "codes": ["IDU"], "account": " "}\n',
  'external-string.jsonl': '{"groupId": "g1", "codes": ["IDU"], "externalLicense": "true"}\n',
  'numeric-group.jsonl': '{"groupId": 42, "codes": ["IDU"]}\n',
  'ok.csv': 'groupId,codes\ng1,IDU\n',
  'escapes.json': '\u001b[2J\u001b]0;pwned\u0007\n[',
  'escapes.jsonl': '{"groupId": "g1", "codes": ["IDU"]}\n\u001b[31m{"groupId"\u009b\n',
};

interface Row {
  args: string[];
  /** What the one error line must say (after `licensectl: `). */
  error: RegExp;
  env?: Record<string, string | undefined>;
  input?: string;
  /** Run with the config folder holding profiles "bad" (bad defaults) and "bare" (base URL only). */
  profiled?: boolean;
}

const R = (args: string[], error: RegExp, extra: Omit<Row, 'args' | 'error'> = {}): Row => ({ args, error, ...extra });

const CORPUS: Row[] = [
  // license type ids
  R(['lt', 'get', 'abc', ...T], /invalid for argument 'id'\. must be a positive integer/),
  R(['lt', 'get', '0', ...T], /must be a positive integer/),
  R(['lt', 'get', '-1', ...T], /must be a positive integer|unknown option '-1'/),
  R(['lt', 'get', '1.5', ...T], /must be a positive integer/),
  R(['lt', 'get', '1e3', ...T], /must be a positive integer/),
  R(['lt', 'get', '0x10', ...T], /must be a positive integer/),
  R(['lt', 'get', '99999999999999999999', ...T], /must be a positive integer/),
  R(['lt', 'get', '', ...T], /must be a positive integer/),
  R(['lt', 'get', ' 7', ...T], /must be a positive integer/),
  R(['lt', 'get', '7/../8', ...T], /must be a positive integer/),
  R(['lt', 'get', ...T], /missing required argument 'id'/),
  R(['lt', 'get', '1', '2', ...T], /too many arguments for 'get'/),
  R(['lt', 'update', 'abc', '--name', 'x', ...T], /must be a positive integer/),
  R(['lt', 'delete', 'seven', '--yes', ...T], /must be a positive integer/),
  // groups and instances
  // A group that is not a UUID is a name to look up, unless it is a UUID with a typo.
  R(['lt', 'get', '7', '--instance', 'draas1', '--group', '1b4e28ba-2fa1-11d2'], /^bad group "1b4e28ba-2fa1-11d2": it looks like a mistyped UUID: a group is a UUID/),
  R(['lt', 'get', '7', '--instance', 'draas1', '--group', `{${UUID}}`], /^bad group "\{1b4e28ba/),
  R(['lt', 'get', '7', '--instance', 'draas1', '--group', `${UUID}0`], /^bad group /),
  R(['lt', 'get', '7', '--instance', 'draas1', '--group', UUID.replace(/-/g, '')], /^bad group /),
  R(['lt', 'get', '7', '--instance', 'draas1', '--group', UUID.replace('a', 'g')], /^bad group /),
  R(['lt', 'get', '7', '--instance', 'draas1', '--group', `../${UUID}`], /^bad group /),
  R(['lt', 'list', '--instance', 'draas1', '--group', ''], /option '--group <uuid>' argument '' is invalid\. must not be empty/),
  R(['lt', 'list', '--instance', '', '--group', UUID], /option '--instance <name>' argument '' is invalid/),
  R(['lt', 'list', '--instance', 'a/b', '--group', UUID], /^bad DRaaS instance "a\/b": it must be one path segment/),
  R(['lt', 'list', '--instance', '..', '--group', UUID], /^bad DRaaS instance "\.\.": it is not a name/),
  R(['lt', 'list', '--instance', ' draas1', '--group', UUID], /^bad DRaaS instance " draas1": it starts or ends with white space/),
  R(['lt', 'list', '--instance', 'dra\u0007as', '--group', UUID], /^bad DRaaS instance "dra\\u0007as": it contains control characters/),
  R(['lt', 'list', '--group', UUID], /^no DRaaS instance: pass --instance <name>/),
  R(['lt', 'list', '--instance', 'draas1'], /^no group: pass --group <uuid>/),
  // list flags
  R(['lt', 'list', '--page-size', '0', ...T], /'--page-size <n>' argument '0' is invalid\. must be an integer from 1 to 1000/),
  R(['lt', 'list', '--page-size', '1001', ...T], /must be an integer from 1 to 1000/),
  R(['lt', 'list', '--page-size', 'ten', ...T], /must be an integer from 1 to 1000/),
  R(['lt', 'list', '--page', '0', ...T], /'--page <n>' argument '0' is invalid/),
  R(['lt', 'list', '--page', '-3', ...T], /'--page <n>' argument '-3' is invalid/),
  R(['lt', 'list', '--dir', 'up', ...T], /argument 'up' is invalid\. Allowed choices are asc, desc/),
  // Checked here like --dir, not left for the server to refuse with a 400.
  R(['lt', 'list', '--sort', 'price', ...T], /option '--sort <field>' argument 'price' is invalid\. Allowed choices are id, name, sku, description/),
  R(['lt', 'list', '--all', '--page', '2', ...T], /^--all reads every page: leave out --page$/),
  R(['lt', 'list', '--colour', ...T], /^unknown option '--colour'/),
  R(['lt', 'lsit', ...T], /^unknown command 'lsit'/),
  // create, update, delete
  R(['lt', 'create', '--sku', 'gold', ...T], /required option '--name <name>' not specified/),
  R(['lt', 'create', '--name', 'Gold', ...T], /required option '--sku <sku>' not specified/),
  R(['lt', 'create', '--name', '', '--sku', 'gold', ...T], /'--name <name>' argument '' is invalid\. must not be empty/),
  R(['lt', 'create', '--name', 'Gold', '--sku', '   ', ...T], /'--sku <sku>' argument '   ' is invalid/),
  R(['lt', 'create', '--name', 'Gold', '--sku', 'gold', '--description'], /option '--description <text>' argument missing/),
  R(['lt', 'update', '7', ...T], /^nothing to change: give at least one of --name, --sku, --description$/),
  R(['lt', 'update', '7', '--name', ' ', ...T], /'--name <name>' argument ' ' is invalid/),
  R(['lt', 'delete', '7', ...T], /^deleting license type 7 needs confirmation: pass --yes/),
  // global options, environment, profiles
  R(['--timeout', 'abc', 'lt', 'get', '7', ...T], /^--timeout must be a number of seconds from 0\.001 to 3600, not "abc"$/),
  R(['--timeout', '0', 'lt', 'get', '7', ...T], /^--timeout must be a number of seconds/),
  R(['--timeout', '-1', 'lt', 'get', '7', ...T], /^--timeout must be a number of seconds/),
  R(['--timeout', '99999', 'lt', 'get', '7', ...T], /^--timeout must be a number of seconds/),
  R(['--timeout', '0.0001', 'lt', 'get', '7', ...T], /^--timeout must be a number of seconds from 0\.001 to 3600, not "0\.0001"$/),
  R(['--timeout', '', 'lt', 'get', '7', ...T], /^--timeout must be a number of seconds from 0\.001 to 3600, not ""$/),
  R(['--timeout', '0x10', 'lt', 'get', '7', ...T], /^--timeout must be a number of seconds/),
  R(['--timeout', 'Infinity', 'lt', 'get', '7', ...T], /^--timeout must be a number of seconds/),
  R(['lt', 'get', '7', ...T], /^LICENSECTL_TIMEOUT must be a number of seconds from 0\.001 to 3600, not "soon"$/, { env: { LICENSECTL_TIMEOUT: 'soon' } }),
  R(['lt', 'get', '7', ...T], /^LICENSECTL_MAX_ATTEMPTS must be an integer from 1 to 100, not "0"$/, { env: { LICENSECTL_MAX_ATTEMPTS: '0' } }),
  R(['lt', 'get', '7', ...T], /^LICENSECTL_RETRY_AFTER_CAP must be a number of seconds/, { env: { LICENSECTL_RETRY_AFTER_CAP: '-5' } }),
  R(['--base-url', 'not a url', 'lt', 'get', '7', ...T], /^bad base URL: "not a url" is not a URL/),
  R(['--base-url', 'ftp://example.com/acme', 'lt', 'get', '7', ...T], /^bad base URL: .* must start with https:\/\/ or http:\/\//),
  R(['--base-url', 'https://admin:pw@example.com/acme', 'lt', 'get', '7', ...T], /must not carry credentials/),
  R(['lt', 'get', '7', ...T], /^bad base URL: .* must not have a query or fragment/, { env: { LICENSECTL_BASE_URL: 'https://example.com/acme?x=1' } }),
  R(['lt', 'get', '7', ...T], /^no base URL: pass --base-url/, { env: { LICENSECTL_BASE_URL: undefined } }),
  R(['--profile', 'nope', 'lt', 'get', '7', ...T], /^no profile named "nope": create it with `licensectl profile set nope --base-url <url>`$/),
  R(['lt', 'get', '7', ...T], /^no profile named "ghost"/, { env: { LICENSECTL_PROFILE: 'ghost' } }),
  R(['--profile'], /option '--profile <name>' argument missing/),
  R(['--base-url', 'http://example.com/acme', 'lt', 'get', '7', ...T], /^refusing to send a token over plain http to example\.com/),
  // defaults stored in a profile are checked like flags (profiled config: see beforeAll)
  R(['group', 'allocate', '..', '--codes', 'IDU', ...ACCOUNT], /^"\.\." cannot be sent as a path segment: a URL reads it as a step up or in place$/),
  R(['group', 'allocate', 'g1', '--codes', 'IDU', '--account', '.'], /^"\." cannot be sent as a path segment/),
  R(['profile', 'set', 'p', '--base-url', 'https://h.example/acme', '--group', 'notuuid'], /^--group "notuuid" is a name, which is looked up in a DRaaS instance: add --instance <name>/),
  R(['profile', 'set', 'p', '--base-url', 'https://h.example/acme', '--group', `${UUID}0`], /^bad group "1b4e28ba.*0": it looks like a mistyped UUID: a group is a UUID like/),
  R(['profile', 'set', 'p', '--base-url', 'https://h.example/acme', '--instance', 'dra/as'], /^bad DRaaS instance "dra\/as": it must be one path segment/),
  R(['profile', 'set', 'p', '--base-url', 'https://h.example/acme', '--instance', '..'], /^bad DRaaS instance "\.\.": it is not a name$/),
  R(['--profile', 'bad', 'lt', 'get', '7'], /^bad DRaaS instance "dra\/as" \(the default of profile "bad"\): it must be one path segment/, { profiled: true }),
  R(['--profile', 'bad', 'lt', 'get', '7', '--instance', 'draas1'], /^bad group "\{1b4e28ba.*\}" \(the default of profile "bad"\): it looks like a mistyped UUID: a group is a UUID/, { profiled: true }),
  R(['--profile', 'bare', 'lt', 'list'], /^no DRaaS instance: pass --instance <name>, or store a default with `licensectl profile set bare --instance <name>`$/, { profiled: true }),
  R(['--profile', 'bare', 'lt', 'list', '--instance', 'draas1'], /^no group: pass --group <uuid>, or store a default with `licensectl profile set bare --group <uuid>`$/, { profiled: true }),
  R(['--profile', 'bare', 'group', 'allocate', 'g1', '--codes', 'IDU'], /^no account: pass --account <accountId>/, { profiled: true }),
  // auth login: secrets only from stdin, and nothing sent before the input is complete
  R(['--profile', 'bare', 'auth', 'login', '--with-token'], /^--with-token: no token on stdin/, { profiled: true, input: '' }),
  R(['--profile', 'bare', 'auth', 'login', '--with-token'], /^--with-token: no token on stdin/, { profiled: true, input: '   \n\n' }),
  R(['--profile', 'bare', 'auth', 'login', '--client-id', 'x'], /^--client-id needs --client-secret-stdin/, { profiled: true }),
  R(['--profile', 'bare', 'auth', 'login', '--client-id', 'x', '--client-secret-stdin'], /^--client-secret-stdin: no client secret on stdin/, { profiled: true, input: '' }),
  R(['--profile', 'bare', 'auth', 'login', '--client-id', 'x', '--client-secret', 's3cret'], /^unknown option '--client-secret'/, { profiled: true }),
  R(['--profile', 'bare', 'auth', 'login', '--username', 'u'], /^--username needs the password: pipe it in with --password-stdin, or run in a terminal/, { profiled: true }),
  R(['--profile', 'bare', 'auth', 'login', '--username', 'u', '--password-stdin'], /^--password-stdin: no password on stdin/, { profiled: true, input: '' }),
  R(['--profile', 'bare', 'auth', 'login', '--with-token', '--client-id', 'x'], /^--with-token cannot be combined with --client-id/, { profiled: true, input: 'tok' }),
  R(['--profile', 'bare', 'auth', 'login', '--client-id', 'x', '--client-secret-stdin', '--token-url', 'nope'], /^--token-url: "nope" is not a URL/, { profiled: true, input: 'secret' }),
  R(['--profile', 'bare', 'auth', 'login', '--client-id', 'x', '--client-secret-stdin', '--scope', ''], /'--scope <scopes>' argument '' is invalid/, { profiled: true, input: 'secret' }),
  R(['auth', 'login', '--with-token'], /^a login is stored in a profile/, { input: 'tok' }),
  R(['--frobnicate', 'lt', 'list', ...T], /^unknown option '--frobnicate'/),
  R(['licence-type', 'list'], /^unknown command 'licence-type'/),
  // apply files
  R(['lt', 'apply', ...T], /required option '--file <desired\.json>' not specified/),
  R(['lt', 'apply', '--file', '/nonexistent/desired.json', ...T], /^cannot read \/nonexistent\/desired\.json: no such file$/),
  R(['lt', 'apply', '--file', '.', ...T], /^cannot read \.: it is a folder$/),
  R(['lt', 'apply', '--file', F('not-json.json'), ...T], /not-json\.json is not valid JSON: .*position 16/),
  R(['lt', 'apply', '--file', F('empty.json'), ...T], /empty\.json is not valid JSON: Unexpected end of JSON input$/),
  R(['lt', 'apply', '--file', F('object.json'), ...T], /object\.json must hold a JSON array of \{"sku","name","description"\} or \{"license_types": \[\.\.\.\]\}$/),
  R(['lt', 'apply', '--file', F('missing-name.json'), ...T], /missing-name\.json: \[0\]: "name" is missing$/),
  R(['lt', 'apply', '--file', F('dup-sku.json'), ...T], /dup-sku\.json: \[1\]: duplicate sku "gold" \(also \[0\]\)$/),
  R(['lt', 'apply', '--file', F('with-id.json'), ...T], /with-id\.json: \[0\]: unknown key "id" \(apply matches license types by sku/),
  R(['lt', 'apply', '--file', F('extra-top.json'), ...T], /extra-top\.json: unknown top-level key "version"/),
  R(['lt', 'apply', '--file', F('null-item.json'), ...T], /null-item\.json: \[0\]: expected an object \{"sku","name","description"\}, got null$/),
  R(['lt', 'apply', '--file', F('bad-description.json'), ...T], /\[0\]: "description" must be a string, not a number 5$/),
  R(['lt', 'apply', '--file', F('blank-sku.json'), ...T], /blank-sku\.json: \[0\]: "sku" is empty$/),
  R(['lt', 'apply', '--file', F('bom-garbage.json'), ...T], /bom-garbage\.json is not valid JSON/),
  R(['lt', 'apply', '--file', F('binary.json'), ...T], /binary\.json is not valid JSON/),
  R(['lt', 'apply', '--file', '-', ...T], /^stdin is not valid JSON/, { input: 'sku,name\ngold,Gold\n' }),
  R(['lt', 'apply', '--file', F('escapes.json'), ...T], /escapes\.json is not valid JSON: Unexpected token '', "\[2J\]0;pwned \[" is not valid JSON$/),
  R(['lt', 'apply', '--file', '-', ...T], /^stdin is not valid JSON: Unexpected end of JSON input$/, { input: '' }),
  // group allocate: one group
  R(['group', 'allocate', ...ACCOUNT], /^missing <groupId>: give the group's ID or name, or --from-file <file> for many groups$/),
  R(['group', 'allocate', '  ', '--codes', 'IDU', ...ACCOUNT], /^missing <groupId>/),
  R(['group', 'allocate', 'g1', ...ACCOUNT], /^missing --codes: give the bundle codes to allocate/),
  R(['group', 'allocate', 'g1', '--codes', '', ...ACCOUNT], /^--codes is empty: give at least one bundle code/),
  R(['group', 'allocate', 'g1', '--codes', ' ,;, ', ...ACCOUNT], /^--codes is empty/),
  R(['group', 'allocate', 'g1', '--codes', 'RPADEVPRO', ...ACCOUNT], /RPADEVPRO.*RPADEVPRONU/),
  R(['group', 'allocate', 'g1', '--codes', 'IDU,BOGUS', ...ACCOUNT], /BOGUS/),
  R(['group', 'allocate', 'g1', '--codes', 'IDU'], /^no account: pass --account <accountId>/),
  R(['group', 'allocate', 'g1', '--codes', 'IDU', '--account', ' '], /'--account <accountId>' argument ' ' is invalid/),
  R(['group', 'allocate', 'g1', '--codes', 'IDU', '--from-file', F('ok.csv'), ...ACCOUNT], /^give either a <groupId> or --from-file <file>, not both$/),
  R(['group', 'allocate', '--from-file', F('ok.csv'), '--codes', 'IDU', ...ACCOUNT], /^--codes cannot be combined with --from-file/),
  R(['group', 'allocate', 'g1', '--codes', 'IDU', '--report', F('r.jsonl'), ...ACCOUNT], /^--report and --resume go with --from-file <file>$/),
  R(['group', 'allocate', 'g1', '--codes', 'IDU', '--resume', ...ACCOUNT], /^--report and --resume go with --from-file <file>$/),
  R(['group', 'allocate', 'g1', 'g2', '--codes', 'IDU', ...ACCOUNT], /too many arguments/),
  // group allocate: bulk files, with line numbers
  R(['group', 'allocate', '--from-file', F('ok.csv'), '--concurrency', '0', ...ACCOUNT], /'--concurrency <n>' argument '0' is invalid\. must be auto or an integer from 1 to 64/),
  R(['group', 'allocate', '--from-file', F('ok.csv'), '--concurrency', '65', ...ACCOUNT], /must be auto or an integer from 1 to 64/),
  R(['group', 'allocate', '--from-file', F('ok.csv'), '--concurrency', 'many', ...ACCOUNT], /must be auto or an integer from 1 to 64/),
  R(['group', 'allocate', '--from-file', F('ok.csv'), '--resume', ...ACCOUNT], /^--resume needs --report <file>/),
  R(['group', 'allocate', '--from-file', '/nonexistent/groups.csv', ...ACCOUNT], /^cannot read \/nonexistent\/groups\.csv: no such file$/),
  R(['group', 'allocate', '--from-file', F('unknown-column.csv'), ...ACCOUNT], /unknown-column\.csv line 1: unknown column "colour"/),
  R(['group', 'allocate', '--from-file', F('no-codes-column.csv'), ...ACCOUNT], /no-codes-column\.csv line 1: the header lacks codes/),
  R(['group', 'allocate', '--from-file', F('bad-external.csv'), ...ACCOUNT], /bad-external\.csv line 3: externalLicense must be true or false, not "yes"/),
  R(['group', 'allocate', '--from-file', F('unclosed-quote.csv'), ...ACCOUNT], /unclosed-quote\.csv line 3: a quoted field is never closed/),
  R(['group', 'allocate', '--from-file', F('dup-group.csv'), ...ACCOUNT], /dup-group\.csv line 4: group g1 already appears on line 2/),
  R(['group', 'allocate', '--from-file', F('unknown-code.csv'), ...ACCOUNT], /unknown-code\.csv line 3: .*BOGUS/),
  R(['group', 'allocate', '--from-file', F('blank-group.csv'), ...ACCOUNT], /blank-group\.csv line 3: groupId is empty/),
  R(['group', 'allocate', '--from-file', F('no-codes.csv'), ...ACCOUNT], /no-codes\.csv line 3: no bundle codes for group g2/),
  R(['group', 'allocate', '--from-file', F('header-only.csv'), ...ACCOUNT], /header-only\.csv has no groups/),
  R(['group', 'allocate', '--from-file', F('empty.csv'), ...ACCOUNT], /empty\.csv has no groups/),
  R(['group', 'allocate', '--from-file', F('fields.csv'), ...ACCOUNT], /fields\.csv line 3: the line has a different number of fields than the header/),
  R(['group', 'allocate', '--from-file', F('ok.csv')], /ok\.csv line 2: no account for group g1/),
  R(['group', 'allocate', '--from-file', F('bad-line.jsonl'), ...ACCOUNT], /bad-line\.jsonl line 2: not valid JSON/),
  R(['group', 'allocate', '--from-file', F('unknown-key.jsonl'), ...ACCOUNT], /unknown-key\.jsonl line 1: unknown key "acount"/),
  R(['group', 'allocate', '--from-file', F('codes-string.jsonl'), ...ACCOUNT], /codes-string\.jsonl line 3: "codes" must be an array of strings/),
  R(['group', 'allocate', '--from-file', F('array-line.jsonl'), ...ACCOUNT], /array-line\.jsonl line 2: expected a JSON object/),
  R(['group', 'allocate', '--from-file', F('blank-account.jsonl'), ...ACCOUNT], /blank-account\.jsonl line 1: "account" must be a non-empty string/),
  R(['group', 'allocate', '--from-file', F('external-string.jsonl'), ...ACCOUNT], /external-string\.jsonl line 1: "externalLicense" must be true or false/),
  R(['group', 'allocate', '--from-file', F('escapes.jsonl'), ...ACCOUNT], /escapes\.jsonl line 2: not valid JSON: Unexpected token '', "\[31m\{"groupId"" is not valid JSON; nothing was sent$/),
  R(['group', 'allocate', '--from-file', F('numeric-group.jsonl'), ...ACCOUNT], /numeric-group\.jsonl line 1: "groupId" must be a string/),
  R(['group', 'allocate', '--from-file', '-', ...ACCOUNT], /^- line 2: .*NOPE|^stdin line 2: .*NOPE/, { input: 'groupId,codes\ng1,NOPE\n' }),
];

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  config = tempConfigDir();
  profiled = tempConfigDir();
  for (const args of [
    ['profile', 'set', 'bad', '--base-url', `${sb.url}/acme`],
    ['profile', 'set', 'bare', '--base-url', `${sb.url}/acme`],
  ]) {
    const r = await runCli(args, { env: { LICENSECTL_CONFIG_DIR: profiled } });
    expect(r.code, r.stderr).toBe(0);
  }
  // `profile set` refuses these defaults, so they are written as a hand-edited store would hold them.
  const storeFile = path.join(profiled, 'config.json');
  const store = JSON.parse(fs.readFileSync(storeFile, 'utf8'));
  Object.assign(store.profiles.bad, { instance: 'dra/as', group: `{${UUID}}` });
  fs.writeFileSync(storeFile, JSON.stringify(store));
  for (const [name, content] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), content);
});
afterAll(async () => {
  await sb?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(config, { recursive: true, force: true });
  fs.rmSync(profiled, { recursive: true, force: true });
});

const label = (row: Row, i: number) => `#${i} ${row.args.map((a) => (a.startsWith(dir) ? path.basename(a) : JSON.stringify(a))).join(' ')}${row.env ? ` ${JSON.stringify(row.env)}` : ''}`;

describe(`bad command-line input (${CORPUS.length} invocations): exit 2, one line, nothing sent`, () => {
  it('the corpus holds at least 50 invocations', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(50);
  });

  it.concurrent.for(CORPUS.map((row, i) => [label(row, i), row, i] as const))('%s', async ([, row, i], { expect }) => {
    const base = `/row-${i}`;
    const r = await runCli(row.args, {
      input: row.input,
      env: { LICENSECTL_CONFIG_DIR: row.profiled ? profiled : config, LICENSECTL_BASE_URL: `${sb.url}${base}`, LICENSECTL_TOKEN: sb.adminToken, ...row.env },
    });
    const sent = sb.requests.filter((q) => q.path === base || q.path.startsWith(`${base}/`));
    expect(sent, 'requests sent').toEqual([]);
    expect(r.stderr).toMatch(/^licensectl: [^\n]+\n$/);
    expect(r.stderr, 'no raw control character').not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/); // eslint-disable-line no-control-regex
    expect(r.stderr.slice('licensectl: '.length, -1)).toMatch(row.error);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
  });

  it('no request at all reached the sandbox', () => {
    expect(sb.requests).toEqual([]);
  });
});

describe('bad input, the other shapes of the error', () => {
  it('--json: the error is one JSON object with code "usage" on stderr', async () => {
    const r = await runCli(['--json', 'lt', 'get', '7', '--instance', 'draas1', '--group', 'dead-0123456789'], {
      env: { LICENSECTL_CONFIG_DIR: config, LICENSECTL_BASE_URL: `${sb.url}/json`, LICENSECTL_TOKEN: sb.adminToken },
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toEqual({ error: { code: 'usage', message: expect.stringMatching(/^bad group "dead-0123456789": it looks like a mistyped UUID/) } });
  });

  it('a bulk file with several problems lists each with its line, the error line last; nothing sent', async () => {
    const file = path.join(dir, 'many.csv');
    fs.writeFileSync(file, 'groupId,codes\ng1,IDU\ng1,IDU\ng3,FOO\n ,IDU\n');
    const r = await runCli(['group', 'allocate', '--from-file', file, ...ACCOUNT], {
      env: { LICENSECTL_CONFIG_DIR: config, LICENSECTL_BASE_URL: `${sb.url}/many`, LICENSECTL_TOKEN: sb.adminToken },
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^licensectl: .*many\.csv line 3: group g1 already appears on line 2 \(one line per group\) \(and 2 more problems listed above\); nothing was sent$/);
    expect(lines.slice(0, -1)).toEqual([expect.stringMatching(/many\.csv line 4: .*FOO/), expect.stringMatching(/many\.csv line 5: groupId is empty/)]);
    expect(sb.requests).toEqual([]);
  });

  it('problems listed above the error line are as clean as the error line (no control characters)', async () => {
    const file = path.join(dir, 'many-escapes.csv');
    fs.writeFileSync(file, 'groupId,codes,externalLicense\ng1,IDU,false\ng1,IDU,false\ng3,IDU,\u001b]0;pwned\u0007\n');
    const r = await runCli(['group', 'allocate', '--from-file', file, ...ACCOUNT], {
      env: { LICENSECTL_CONFIG_DIR: config, LICENSECTL_BASE_URL: `${sb.url}/escapes`, LICENSECTL_TOKEN: sb.adminToken },
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(2);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/); // eslint-disable-line no-control-regex
    expect(sb.requests).toEqual([]);
  });
});

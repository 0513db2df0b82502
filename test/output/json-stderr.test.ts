// With --json, stderr carries JSON only, whatever the command says on the way: warnings as
// {"warning": "..."} lines, notes and summaries not at all, errors as {"error": {...}}. So
// `licensectl --json ... 2>&1 >/dev/null | jq` (README) always parses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output, type Streams } from '../../src/output/output.js';
import { ACCOUNT, allocation, check, groupPath, JSON_HEADERS, ltPath, GROUP, INSTANCE, type Case } from '../commands/fixtures.js';
import { bulkReads } from './bulk-reads.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

function output(json: boolean, tty = false): { out: Output; stderr: Capture; stdout: Capture } {
  const stdout = new Capture();
  const stderr = new Capture();
  const io: Streams = { stdout, stderr, stdin: new PassThrough(), stdoutIsTTY: tty, stderrIsTTY: tty, stdinIsTTY: false, columns: tty ? 80 : undefined };
  return { out: new Output(io, { json, stdoutColor: 0, stderrColor: 0 }), stderr, stdout };
}

/** Every line of stderr is a JSON object. */
function expectJsonLines(stderr: string): unknown[] {
  return stderr.split('\n').filter(Boolean).map((line) => {
    expect(() => JSON.parse(line), line).not.toThrow();
    return JSON.parse(line) as unknown;
  });
}

describe('Output under --json', () => {
  it('writes warnings as {"warning"} lines and leaves out notes and successes', () => {
    const { out, stderr, stdout } = output(true, true);
    out.note('Plan for group g:');
    out.success('Applied 2 changes');
    out.warn('sending code not in the catalog: XYZ');
    out.warn('two\nlines');
    expect(stdout.text).toBe('');
    expect(expectJsonLines(stderr.text)).toEqual([{ warning: 'sending code not in the catalog: XYZ' }, { warning: 'two\nlines' }]);
  });

  it('leaves plain lines alone without --json', () => {
    const { out, stderr } = output(false);
    out.note('a note');
    out.success('done');
    out.warn('careful');
    expect(stderr.text).toBe('a note\n✓ done\n! careful\n');
  });
});

const G = 'a1b2c3d4-0000-4000-8000-000000000001';
type Api = Parameters<NonNullable<Case['mock']>>[0];
const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-jsonerr-')), 'groups.csv');
fs.writeFileSync(csv, `groupId,codes\n${G},IDU\n`);

describe('commands under --json: stderr is JSON lines only', () => {
  const cases: Case[] = [
    {
      name: 'an unknown code sent with --allow-unknown-codes: the warning as JSON',
      args: ['--json', 'group', 'allocate', G, '--codes', 'NOTACODE', '--allow-unknown-codes', '--account', ACCOUNT],
      mock: (api: Api) => {
        api.intercept({ path: groupPath(G), method: 'GET' }).reply(200, { allocatedUserBundles: null, availableUserBundles: [{ code: 'NOTACODE', allocated: 0, total: 1 }], useExternalLicense: false }, JSON_HEADERS);
        api.intercept({ path: groupPath(G), method: 'PUT' }).reply(200, allocation(G, ['NOTACODE']), JSON_HEADERS);
      },
      code: 0,
      stdout: /"userBundleCodes"/,
      stderr: '{"warning":"sending code not in the catalog: NOTACODE"}\n',
    },
    {
      name: 'a bulk run: no plain summary line',
      args: ['--json', 'group', 'allocate', '--from-file', csv, '--account', ACCOUNT],
      mock: (api: Api) => { bulkReads(api); api.intercept({ path: groupPath(G), method: 'PUT' }).reply(200, allocation(G, ['IDU']), JSON_HEADERS); },
      code: 0,
      stdout: /"status": "ok"/,
      stderr: '',
    },
    {
      name: 'lt list --all whose count changed while read: the warning as JSON',
      args: ['--json', 'lt', 'list', '--all', '--instance', INSTANCE, '--group', GROUP],
      mock: (api: Api) => {
        api.intercept({ path: ltPath('page_size=1000&page=1'), method: 'GET' })
          .reply(200, { license_types: [{ id: 1, name: 'a', sku: 'a', description: '' }], page: 1, pages: 1, results: 2 }, JSON_HEADERS);
      },
      code: 0,
      stdout: /"sku": "a"/,
      stderr: '{"warning":"the list changed while it was read: the server counted 2, 1 were received"}\n',
    },
    {
      name: '--verbose with --json: the HTTP log as {"log"} lines',
      args: ['--json', '--verbose', 'lt', 'get', '7', '--instance', INSTANCE, '--group', GROUP],
      mock: (api: Api) => { api.intercept({ path: ltPath('', 7), method: 'GET' }).reply(200, { id: 7, name: 'Gold', sku: 'g', description: '' }, JSON_HEADERS); },
      code: 0,
      stdout: /"sku": "g"/,
      stderr: /^\{"log":"GET .*license_types\/7 → 200 .*"\}\n$/,
    },
    {
      name: '--verbose with --json and an error: the error, and no plain stack trace',
      args: ['--json', '--verbose', 'lt', 'get', '7', '--instance', INSTANCE, '--group', GROUP],
      env: { LICENSECTL_MAX_ATTEMPTS: '1' },
      mock: (api: Api) => { api.intercept({ path: ltPath('', 7), method: 'GET' }).reply(500, { message: 'boom' }, JSON_HEADERS); },
      code: 1,
      stdout: '',
      stderr: /"error":\{"code":"server_error"|"error":\{/,
    },
  ];
  it.each(cases)('$name', async (c) => {
    const r = await check(c);
    expectJsonLines(r.stderr);
  });
});

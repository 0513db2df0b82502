// Input that must be refused before anything is sent (exit 2): an input file without end
// (`/dev/zero`, an endless pipe) is cut off at its size limit instead of filling memory, and a
// group named on the command line must be text of a sane length without control characters.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readInputFile } from '../../src/input/read.js';
import { CliError } from '../../src/errors.js';
import { ACCOUNT, check, GROUP, INSTANCE } from './fixtures.js';

describe('input files are read up to a limit', () => {
  it('group allocate --from-file /dev/zero: exit 2 at once, nothing sent', async () => {
    await check({ name: '', args: ['group', 'allocate', '--from-file', '/dev/zero', '--account', ACCOUNT], code: 2, stdout: '', stderr: /^licensectl: \/dev\/zero is larger than 64 MiB: refusing to read it; nothing was sent\n$/, requests: [] });
  });

  it('license-type apply --file /dev/zero: exit 2 at once, nothing sent', async () => {
    await check({ name: '', args: ['license-type', 'apply', '--file', '/dev/zero', '--instance', INSTANCE, '--group', GROUP], code: 2, stdout: '', stderr: /^licensectl: \/dev\/zero is larger than \d+ MiB: refusing to read it; nothing was sent\n$/, requests: [] });
  });

  it('reads no more than one byte past the limit, from a file or an endless stream', async () => {
    let pulled = 0;
    const endless = new Readable({ read() { pulled += 4096; this.push(Buffer.alloc(4096, 0x61)); } });
    const err = await readInputFile('-', endless, 10_000).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(2);
    expect((err as CliError).message).toBe('stdin is larger than 10 KiB: refusing to read it; nothing was sent');
    expect(pulled).toBeLessThan(100_000);
    await expect(readInputFile('/dev/zero', endless, 1000)).rejects.toThrow('/dev/zero is larger than 1 KiB');
  });

  it('standard input given as a function is made only when the file is -', async () => {
    let made = 0;
    const stdin = () => { made++; return Readable.from([Buffer.from('from stdin')]); };
    await expect(readInputFile('/dev/null', stdin)).resolves.toBe('');
    expect(made).toBe(0);
    await expect(readInputFile('-', stdin)).resolves.toBe('from stdin');
    expect(made).toBe(1);
  });

  it('a multi-byte character split between chunks of a pipe is read whole', async () => {
    const text = 'groupId,codes\nÉquipe,IDU\n';
    const bytes = Buffer.from(text);
    const cut = bytes.indexOf(0xc3) + 1;
    expect(await readInputFile('-', Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]))).toBe(text);
  });
});

describe('a group named on the command line', () => {
  const bad: [string, string, RegExp][] = [
    ['ESC', `Dev\u001b[31mops`, /^licensectl: <group> contains a control character \(U\+001B\) at position 4; give the group's ID or name\n$/],
    ['NUL', 'Dev\u0000ops', /control character \(U\+0000\)/],
    ['a C1 CSI', 'Dev\u009bops', /control character \(U\+009B\)/],
    ['a bidi override', 'Dev\u202eops', /control character \(U\+202E\)/],
    ['a byte order mark', 'Dev\ufeffops', /control character \(U\+FEFF\)/],
    ['invalid UTF-8 (decoded as U+FFFD)', Buffer.from([0x44, 0xff, 0x65]).toString('utf8'), /^licensectl: <group> is not valid UTF-8 text/],
    ['a megabyte of text', 'x'.repeat(1 << 20), /^licensectl: <group> is 1048576 characters long; a group ID or name has at most 200\n$/],
  ];
  for (const [what, ref, stderr] of bad) {
    for (const verb of ['show', 'revoke']) {
      it(`group ${verb} with ${what}: exit 2, nothing sent`, async () => {
        await check({ name: '', args: ['group', verb, ref, '--account', ACCOUNT, ...(verb === 'revoke' ? ['--yes'] : [])], code: 2, stdout: '', stderr, requests: [] });
      });
    }
    it(`group allocate with ${what}: exit 2, nothing sent`, async () => {
      await check({ name: '', args: ['group', 'allocate', ref, '--codes', 'IDU', '--account', ACCOUNT], code: 2, stdout: '', stderr, requests: [] });
    });
  }

  it('200 characters is still a name (looked up, not refused)', async () => {
    const r = await check({ name: '', args: ['group', 'show', 'n'.repeat(200), '--account', ACCOUNT], code: 1, stdout: '', stderr: /.+/ });
    expect(r.stderr).not.toMatch(/characters long/);
  });
});

// Ctrl-C, SIGTERM and SIGHUP while `license-type apply` has writes in flight: no new write starts,
// the writes in flight end with their current attempt (their answers are used, not cut off), none
// is retried or waits out a back-off, and the exit code names the signal (130, 143, 129). The
// server holds every PUT until the command says it saw the signal, so no timing is asserted.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, tempConfigDir } from '../helpers/cli.js';

const GROUP = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
const TYPES = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, sku: `SKU-${i + 1}`, name: `Type ${i + 1}`, description: '' }));

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** Lists TYPES; holds every PUT (answered by the test). */
async function startServer() {
  const held: { path: string; res: ServerResponse }[] = [];
  const seen: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ license_types: TYPES, page: 1, pages: 1, results: TYPES.length }));
      } else if (req.method === 'PUT') {
        held.push({ path: req.url ?? '', res });
      } else {
        res.writeHead(500).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => new Promise<void>((resolve) => {
    for (const h of held) if (!h.res.writableEnded) h.res.destroy();
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, held, seen };
}

async function until(what: () => boolean): Promise<void> {
  for (let i = 0; i < 1200 && !what(); i++) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Runs `license-type apply` of `desired` against `s`, waits until 8 writes are held, sends `signal`
 * and waits until the command says it saw it (or has ended: the bug the first test is for).
 */
async function applyThenSignal(s: Awaited<ReturnType<typeof startServer>>, desired: { sku: string; name: string }[], signal: NodeJS.Signals) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-lt-signals-'));
  const file = path.join(dir, 'desired.json');
  fs.writeFileSync(file, JSON.stringify({ license_types: desired }));
  const env = cleanEnv({ LICENSECTL_CONFIG_DIR: tempConfigDir(), LICENSECTL_BASE_URL: `${s.url}/acme`, LICENSECTL_TOKEN: 'tok-lt-signals' });
  const child = spawn(process.execPath, [BIN, 'license-type', 'apply', '--file', file, '--instance', 'draas1', '--group', GROUP], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const run = { stderr: '', exited: false, code: undefined as unknown as Promise<number | null> };
  child.stdout.resume();
  child.stderr.setEncoding('utf8').on('data', (d: string) => (run.stderr += d));
  run.code = new Promise<number | null>((resolve) => child.on('close', (c) => { run.exited = true; resolve(c); }));
  await until(() => s.held.length >= 8 || run.exited);
  expect(s.held, run.stderr).toHaveLength(8);
  child.kill(signal);
  await until(() => run.stderr.includes('interrupted: letting the changes in flight finish') || run.exited);
  return run;
}

describe('a signal during license-type apply', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s: the writes in flight finish, none is retried, nothing new starts, exit %i', async (signal, exitCode) => {
    const s = await startServer();
    // Every type renamed: 12 updates (PUT), 8 in flight at first.
    const run = await applyThenSignal(s, TYPES.map((t) => ({ sku: t.sku, name: `${t.name} v2` })), signal);
    // Half the writes in flight succeed; the other half are asked to come back later.
    s.held.forEach((h, i) => {
      if (i < 4) h.res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      else h.res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '25' }).end(JSON.stringify({ message: 'busy' }));
    });

    expect(await run.code, run.stderr).toBe(exitCode);
    expect(s.seen.filter((r) => r.startsWith('PUT'))).toHaveLength(8); // no retry, no new write
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toContain('! Applied 4 of 12 changes (4 updated); 8 failed.');
    expect(lines.filter((l) => /^✗ update SKU-[5-8] \(id [5-8]\): .*busy \(interrupted after 1 attempt: not tried again\)$/.test(l))).toHaveLength(4);
    expect(run.stderr).toMatch(/✗ 4 changes: not attempted: interrupted/);
    const said = signal === 'SIGINT' ? 'interrupted' : `stopped by ${signal}`;
    expect(lines.at(-1)).toBe(`licensectl: ${said}: no change started after it, those in flight ended with their current attempt; run apply again: it retries only what is still different`);
  }, 90_000);

  it('a signal that leaves nothing undone (every change in flight, each then succeeds) is no interruption: exit 0', async () => {
    const s = await startServer();
    // 12 types, 8 renamed: every change is in flight at once, none waits to start.
    const run = await applyThenSignal(s, TYPES.map((t, i) => ({ sku: t.sku, name: i < 8 ? `${t.name} v2` : t.name })), 'SIGINT');
    for (const h of s.held) h.res.writeHead(200, { 'content-type': 'application/json' }).end('{}');

    expect(await run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('✓ Applied 8 changes: 8 updated.');
    expect(run.stderr).not.toMatch(/licensectl: interrupted/);
  }, 90_000);
});

// Ctrl-C, SIGTERM and SIGHUP during a bulk run whose requests are waiting to be retried: the run
// ends at once, with no new attempt and no back-off wait; the groups in flight are reported
// (failed, "not tried again"), the rest are "not sent", the summary is printed, and the exit code
// names the signal (130, 143, 129). The server counts the requests, so no timing is asserted.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHostileServer, type HostileServer } from '../helpers/hostile-server.js';
import { BIN, cleanEnv, tempConfigDir } from '../helpers/cli.js';

const ACCOUNT = '0f8fad5b-d9cb-469f-a165-70867728950e';
const ids = Array.from({ length: 8 }, (_, i) => `a1b2c3d4-0000-4000-8000-00000000000${i}`);

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a signal during a bulk run', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s: no retry after it, report and summary written, exit %i', async (signal, exitCode) => {
    // The reads before the writes are answered (the organization owns IDU; no group has a rule);
    // every PUT is refused for now, asking to come back in 25 s: each group waits to be retried.
    server = await startHostileServer((req) =>
      req.method === 'GET' ? { body: [{ code: 'IDU', allocated: 0, total: 9 }] }
      : req.method === 'POST' ? { body: [] }
      : { status: 503, headers: { 'retry-after': '25' }, body: { message: 'busy' } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-signals-'));
    const csv = path.join(dir, 'groups.csv');
    fs.writeFileSync(csv, 'groupId,codes\n' + ids.map((id) => `${id},IDU\n`).join(''));
    const report = path.join(dir, 'out.jsonl');
    const env = cleanEnv({ LICENSECTL_CONFIG_DIR: tempConfigDir(), LICENSECTL_BASE_URL: `${server.url}/acme`, LICENSECTL_TOKEN: 'tok-signals' });
    const child = spawn(process.execPath, [BIN, 'group', 'allocate', '--from-file', csv, '--account', ACCOUNT, '--report', report, '--concurrency', '4'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

    const s = server;
    const puts = () => s.received.filter((r) => r.method === 'PUT');
    for (let i = 0; i < 600 && puts().length < 4; i++) await new Promise((r) => setTimeout(r, 50));
    expect(puts()).toHaveLength(4);
    await new Promise((r) => setTimeout(r, 200)); // the 503s arrive; the 25 s waits begin
    child.kill(signal);
    const code = await exited;

    expect(code, stderr).toBe(exitCode);
    expect(puts()).toHaveLength(4); // no attempt after the signal
    const lines = fs.readFileSync(report, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { groupId: string; status: string; httpStatus: number; error: string });
    expect(lines.map((l) => l.groupId).sort()).toEqual(ids.slice(0, 4));
    for (const l of lines) {
      expect(l).toMatchObject({ status: 'failed', httpStatus: 503 });
      expect(l.error).toMatch(/busy \(interrupted after 1 attempt: not tried again\)$/);
    }
    expect(stderr.trimEnd().split('\n').pop()).toBe(
      `interrupted: 8 groups: 0 allocated, 4 failed, 4 not sent (see ${report}); run the same command with --resume to finish`,
    );
    expect(fs.existsSync(`${report}.lock`)).toBe(false);
  }, 60_000);
});

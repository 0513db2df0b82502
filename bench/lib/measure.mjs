// Timing child processes: wall time from spawn to exit, and the child's own peak RSS.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAXRSS_PRELOAD = fileURLToPath(new URL('./maxrss.cjs', import.meta.url));

/**
 * Runs `argv` (argv[0] is the program) to completion. Resolves to {ms, code, stdout, stderr}, and
 * with `rss: true` also `rssMiB`: the peak RSS the child reports itself at exit (a --require preload,
 * so it works wherever Node runs, with or without /usr/bin/time). Output is collected only when
 * `keepOutput` is set; otherwise it is counted and dropped, like a pipe to a fast reader.
 */
export function timed(argv, { env = process.env, input, keepOutput = false, rss = false, timeoutMs = 120_000 } = {}) {
  let rssFile;
  let args = argv.slice(1);
  if (rss) {
    rssFile = path.join(os.tmpdir(), `licensectl-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
    args = ['--require', MAXRSS_PRELOAD, ...args];
    env = { ...env, LICENSECTL_BENCH_RSS_FILE: rssFile };
  }
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let bytes = 0;
    child.stdout.on('data', (d) => { bytes += d.length; if (keepOutput) stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      let rssMiB;
      if (rssFile) {
        try {
          rssMiB = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
          fs.rmSync(rssFile, { force: true });
        } catch {
          rssMiB = undefined;
        }
      }
      resolve({ ms, code: signal ? signal : code, stdout, stdoutBytes: bytes, stderr, rssMiB });
    });
    child.stdin.end(input ?? '');
  });
}

/** Like timed(), but a non-zero exit is an error naming the command and its stderr. */
export async function mustSucceed(argv, opts) {
  const r = await timed(argv, opts);
  if (r.code !== 0) throw new Error(`${argv.slice(1).join(' ')} exited ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return r;
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Runs each of `subjects` ({name, argv, opts}) `rounds` times, interleaved (a, b, c, a, b, c, ...)
 * so a slow patch of the machine hits every subject alike. Returns name → list of results.
 */
export async function interleaved(subjects, rounds) {
  const results = new Map(subjects.map((s) => [s.name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const s of subjects) results.get(s.name).push(await (s.run ? s.run() : mustSucceed(s.argv, s.opts)));
  }
  return results;
}

// The sandbox the benchmarks run against: the built `licensectl sandbox --port 0 --profile bench`,
// in its own process (as a real server would be) with a temporary LICENSECTL_CONFIG_DIR, seeded
// through its admin endpoint POST /_sandbox/seed (src/sandbox/admin.ts).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const READY = /licensectl sandbox listening on (http:\/\/\S+)/;

let codeCacheDir;

/**
 * Starts the sandbox and resolves once it listens and has written the profile. Returns the URL,
 * the profile (baseUrl, account, instance, group, token), the env that points licensectl at it,
 * and stop().
 */
export async function startSandbox(bin, { profile = 'bench', args = [] } = {}) {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-bench-'));
  // One code cache (bin/code-cache.cjs) for the whole bench, as an admin's machine has one: the
  // warm-up runs train it; the user's own cache is left alone.
  if (codeCacheDir === undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-bench-code-cache-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    codeCacheDir = dir;
  }
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', LICENSECTL_CONFIG_DIR: configDir, LICENSECTL_CACHE_DIR: codeCacheDir };
  const child = spawn(process.execPath, [bin, 'sandbox', '--port', '0', '--profile', profile, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });

  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error(`the sandbox did not start within 15 s: ${stderr.trim()}`)); }, 15_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = READY.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the sandbox exited (${code}) before listening: ${stderr.trim()}`)); });
  });
  child.stdout.resume();

  const store = JSON.parse(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8'));
  const p = store.profiles?.[profile];
  if (!p?.baseUrl || !p.account || !p.instance || !p.group || !p.auth?.token) {
    child.kill();
    throw new Error(`the sandbox did not write a complete profile "${profile}" to ${configDir}`);
  }
  return {
    url,
    configDir,
    profile: { name: profile, baseUrl: p.baseUrl, account: p.account, instance: p.instance, group: p.group, token: p.auth.token },
    /** The environment a benchmarked licensectl runs with: only what points it at the sandbox. */
    env: { ...env, LICENSECTL_PROFILE: profile },
    seed: (body) => admin(url, 'POST', 'seed', body),
    admin: (method, what, body) => admin(url, method, what, body),
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => { fs.rmSync(configDir, { recursive: true, force: true }); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}

async function admin(url, method, what, body) {
  const res = await fetch(`${url}/_sandbox/${what}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} /_sandbox/${what} answered ${res.status}: ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

// The README's examples run as written (issue 17, item 8): every ```bash block is run with bash
// against a fresh sandbox behind the current profile "sandbox", in a temporary folder holding a
// copy of examples/, with `licensectl` on the PATH. The marker convention is written down at the
// top of the README's "Command reference"; this file implements it. New examples are picked up
// as they are added: nothing here lists them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS as D, startSandbox } from '../../src/sandbox/server.js';
import { BIN, cleanEnv } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Example {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  body: string;
  marker: { kind: 'skip' | 'exit' | 'file'; arg: string } | undefined;
}

/** The fenced blocks of a Markdown text, each with the marker on the line before its fence. */
function examples(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const found: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`README.md:${i + 1}: a fence that is never closed`);
    const prev = lines.slice(0, i).reverse().find((l) => l.trim() !== '') ?? '';
    const m = /^<!-- example: (skip|exit|file)\b\s*(.*?)\s*-->$/.exec(prev.trim());
    found.push({ line: i + 1, lang: open[1]!, body: lines.slice(i + 1, end).join('\n') + '\n', marker: m ? { kind: m[1] as 'skip' | 'exit' | 'file', arg: m[2]! } : undefined });
    i = end;
  }
  return found;
}

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const all = examples(readme);
const bash = all.filter((e) => e.lang === 'bash' && e.marker?.kind !== 'skip' && e.marker?.kind !== 'file');
const files = all.filter((e) => e.marker?.kind === 'file');
const title = (e: Example) => `README.md:${e.line} ${e.body.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'))?.slice(0, 60) ?? ''}`;

/** Runs one block as a user would: bash, licensectl on PATH, the current profile on a fresh sandbox. */
async function runBlock(body: string): Promise<{ code: number | null; out: string }> {
  const sb = await startSandbox({ port: 0 });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-readme-'));
  try {
    fs.cpSync(path.join(ROOT, 'examples'), path.join(work, 'examples'), { recursive: true });
    const bin = path.join(work, '.bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'licensectl'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    const config = path.join(work, '.config');
    fs.mkdirSync(config, { mode: 0o700 });
    const profile = { baseUrl: `${sb.url}/${D.org}`, account: D.accountId, instance: D.instance, group: D.group, auth: { method: 'token', token: sb.adminToken } };
    fs.writeFileSync(path.join(config, 'config.json'), JSON.stringify({ version: 1, current: 'sandbox', profiles: { sandbox: profile } }), { mode: 0o600 });
    const env = cleanEnv({ PATH: `${bin}:${process.env.PATH}`, HOME: work, LICENSECTL_CONFIG_DIR: config });
    return await new Promise((resolve, reject) => {
      const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', body], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
      // Generous: a block spawns licensectl several times, on a machine that may be busy.
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, out });
      });
    });
  } finally {
    await sb.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

describe('README examples', () => {
  it('are found, and every skipped one says why', () => {
    expect(bash.length).toBeGreaterThanOrEqual(5);
    for (const e of all.filter((x) => x.marker?.kind === 'skip')) expect(e.marker!.arg, `README.md:${e.line}: a skip marker needs a reason`).not.toBe('');
    for (const e of all.filter((x) => x.marker?.kind === 'exit')) expect(e.marker!.arg, `README.md:${e.line}`).toMatch(/^\d+$/);
  });

  it('refer to no file the repository does not have', () => {
    // Markdown links to local files, and the examples/ files blocks use.
    const links = [...readme.matchAll(/\]\(((?!https?:|#)[^)\s]+)\)/g)].map((m) => m[1]!);
    const used = [...readme.matchAll(/\bexamples\/[\w.-]+/g)].map((m) => m[0]);
    for (const f of [...links, ...used]) expect(fs.existsSync(path.join(ROOT, f)), `README mentions ${f}`).toBe(true);
    expect(readme).not.toMatch(/\bCLI\.md\b/);
  });

  it.each(files.map((e) => [title(e), e] as const))('%s equals its file', (_t, e) => {
    expect(e.body).toBe(fs.readFileSync(path.join(ROOT, e.marker!.arg), 'utf8'));
  });

  it.each(bash.map((e) => [title(e), e] as const))('%s runs against the sandbox', { timeout: 120_000 }, async (_t, e) => {
    const expected = e.marker?.kind === 'exit' ? Number(e.marker.arg) : 0;
    const r = await runBlock(e.body);
    expect(r.code, `exit code of the block at README.md:${e.line}; its output:\n${r.out}`).toBe(expected);
  });
});

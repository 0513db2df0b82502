// `npm run package`: licensectl as one executable for this platform, which needs no Node installed
// (Node's single executable applications, "SEA"). Steps:
//   1. esbuild bundles scripts/sea-entry.mjs with the CLI into ONE CommonJS file, cli.cjs: a SEA
//      cannot load files, and in Node 22 its code is CommonJS. The command chunks of dist/ become
//      lazily run modules inside it (same bundle plugins as scripts/build.mjs).
//   2. scripts/sea-train.mjs runs that bundle for a few commands against its own sandbox and keeps
//      V8's code cache of everything they compiled, cli.cache.
//   3. `node --experimental-sea-config` makes the blob: scripts/sea-main.cjs as the main script
//      (the fast path for --version/--help, then cli.cjs compiled with cli.cache), and
//      dist/fastpath.json, cli.cjs and cli.cache as assets.
//   4. A copy of the running Node binary gets the blob injected by postject, which flips the SEA
//      fuse in the binary; on macOS the copy is re-signed ad hoc.
// Options: --out <file> (default dist/licensectl-<platform>-<arch>), --no-code-cache (to measure
// what the cache buys), --keep-bundle (keep cli.cjs beside the output, to read the line numbers of
// a stack trace: a SEA has no source map). It uses dist/fastpath.json, so `npm run package` builds dist/ first; a
// later `npm run build` replaces dist/ and with it the executable.
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliBundleOptions } from './bundle-plugins.mjs';
import { trainCache } from './sea-train.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The fuse Node's binary carries for postject; it is the same in every Node release.
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const out = path.resolve(opt('--out') ?? path.join(ROOT, 'dist', `licensectl-${process.platform}-${process.arch}${process.platform === 'win32' ? '.exe' : ''}`));
const codeCache = !argv.includes('--no-code-cache');

try {
  await packageSea();
} catch (err) {
  process.stderr.write(`package: ${err.message}\n`);
  process.exit(1);
}

async function packageSea() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 19)) throw new Error(`needs Node.js 22.19 or newer to package; this is ${process.versions.node}`);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const fastpath = path.join(ROOT, 'dist', 'fastpath.json');
  if (JSON.parse(fs.readFileSync(fastpath, 'utf8')).version !== pkg.version) throw new Error('dist/fastpath.json is from another version: run npm run build first');
  // The Node that runs this script is the one packaged: the code cache in the blob only fits the
  // V8 that made it. In CI that is the `node` npm package's binary (PATH's node, links resolved).
  const node = fs.realpathSync(process.execPath);
  if (!fs.readFileSync(node).includes(SEA_FUSE)) throw new Error(`${node} has no SEA fuse: it cannot become a single executable`);
  const { inject } = loadPostject();

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-sea-'));
  try {
    const main = path.join(tmp, 'cli.cjs');
    await build({
      ...cliBundleOptions(pkg.version),
      entryPoints: [path.join(ROOT, 'scripts', 'sea-entry.mjs')],
      outfile: main,
      absWorkingDir: ROOT,
      // No source map: a SEA cannot read one from disk (see --keep-bundle).
    });
    if (argv.includes('--keep-bundle')) fs.copyFileSync(main, `${out}.cjs`);
    const assets = { 'fastpath.json': fastpath, 'cli.cjs': main };
    if (codeCache) {
      await trainCache(tmp, node);
      assets['cli.cache'] = path.join(tmp, 'cli.cache');
    }

    const blob = path.join(tmp, 'sea-prep.blob');
    const config = path.join(tmp, 'sea-config.json');
    fs.writeFileSync(config, JSON.stringify({
      main: path.join(ROOT, 'scripts', 'sea-main.cjs'),
      output: blob,
      disableExperimentalSEAWarning: true,
      // Node's own cache of the main script: only sea-main.cjs, small, but it is every start.
      useCodeCache: codeCache,
      assets,
    }, null, 2));
    // Its one line of news ("Wrote single executable preparation blob ...") is dropped; not errors.
    const made = spawnSync(node, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const said = made.stderr.split('\n').filter((l) => l && !l.startsWith('Wrote single executable preparation blob')).join('\n');
    if (made.status !== 0) throw new Error(`node --experimental-sea-config failed: ${said || made.error?.message || `exit ${made.status}`}`);
    if (said) process.stderr.write(said + '\n');

    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.rmSync(out, { force: true });
    const staging = `${out}.tmp`;
    fs.copyFileSync(node, staging);
    fs.chmodSync(staging, 0o755);
    if (process.platform === 'darwin') execFileSync('codesign', ['--remove-signature', staging]);
    await quietLief(() => inject(staging, 'NODE_SEA_BLOB', fs.readFileSync(blob), {
      sentinelFuse: SEA_FUSE,
      machoSegmentName: process.platform === 'darwin' ? 'NODE_SEA' : undefined,
    }));
    if (process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', staging]);
    fs.renameSync(staging, out);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(`${out}.tmp`, { force: true }); // a half-made copy when a step failed
  }
  if (codeCache) checkCache();
  const mib = (fs.statSync(out).size / 2 ** 20).toFixed(0);
  process.stdout.write(`${path.relative(process.cwd(), out) || out} (${mib} MiB, Node ${process.versions.node}, code cache ${codeCache ? 'on' : 'off'})\n`);
}

/**
 * postject's ELF reader (LIEF) warns through console.warn about note sections of Node's binary it
 * cannot name ("Can't find string offset for section name '.note'"), harmless and a dozen lines
 * every build; any other message still gets through.
 */
async function quietLief(work) {
  const warn = console.warn;
  console.warn = (...args) => {
    if (!/^warning: Can't find string offset for section name/.test(String(args[0]))) warn(...args);
  };
  try {
    return await work();
  } finally {
    console.warn = warn;
  }
}

/** V8 drops a code cache it finds unfit without a word: ask the executable whether it used it. */
function checkCache() {
  const r = spawnSync(out, ['--version'], { env: { ...process.env, LICENSECTL_NO_FAST_PATH: '1', LICENSECTL_SEA_CHECK_CACHE: '1' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the executable does not run: ${r.stderr || r.error?.message}`);
  if (!r.stderr.includes('code cache: used')) process.stderr.write(`package: warning: ${r.stderr.trim() || 'code cache state unknown'}; it works, but starts slower\n`);
}

function loadPostject() {
  try {
    return createRequire(import.meta.url)('postject');
  } catch {
    throw new Error('postject is not installed: npm install (it is a devDependency)');
  }
}

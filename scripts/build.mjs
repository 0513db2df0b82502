// Bundles src/cli.ts into dist/ with esbuild: one minified CommonJS file, dist/cli.cjs (options in
// bundle-plugins.mjs, shared with the single executable), in which each command's code still runs
// only when the command is imported (esbuild wraps a lazily imported module in an init function).
// Then records dist/fastpath.json: what the CLI prints for the argument lists whose output depends
// on nothing but this build (`--version`, every `--help`), so bin/licensectl.js can print them
// without loading the CLI at all, and dist/cli.cjs.sha256, which names the launcher's code cache.
// It builds into dist.next/ and swaps that for dist/ only when complete: a licensectl started
// during a build (an end-to-end test, a second terminal) runs the old build, not half of the new.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Readable, Writable } from 'node:stream';
import { cliBundleOptions } from './bundle-plugins.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const finalDist = new URL('../dist/', import.meta.url);
const dist = new URL('../dist.next/', import.meta.url);
const old = new URL('../dist.old/', import.meta.url);
for (const dir of [dist, old]) rmSync(dir, { recursive: true, force: true });

await build({
  ...cliBundleOptions(pkg.version),
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist.next',
  outExtension: { '.js': '.cjs' },
  sourcemap: 'linked',
});

writeFileSync(new URL('fastpath.json', dist), JSON.stringify(await fastPathTable()));
// The bundle's content hash, for the launcher's code cache (bin/code-cache.cjs): V8 checks a cache
// against the source's length only, so a cache must never outlive the text it was made from.
writeFileSync(new URL('cli.cjs.sha256', dist), createHash('sha256').update(readFileSync(new URL('cli.cjs', dist))).digest('hex') + '\n');

// Two renames: dist/ is missing only between them.
if (existsSync(finalDist)) renameSync(finalDist, old);
renameSync(dist, finalDist);
rmSync(old, { recursive: true, force: true });

/**
 * Runs the freshly built main() for `--version`, `-V`, no arguments, and `--help`/`-h` after every
 * command path (aliases included), capturing stdout. Help is rendered at a fixed width (cli.ts), so
 * the text cannot depend on the terminal; an entry that writes to stderr or exits non-zero fails
 * the build rather than being recorded. Keys are the arguments joined with NUL, which argv cannot
 * contain. test/e2e/fastpath.test.ts checks every entry against the commander path.
 */
async function fastPathTable() {
  const { main, buildProgram } = createRequire(import.meta.url)(fileURLToPath(new URL('cli.cjs', dist)));
  const argvs = [[], ['--version'], ['-V']];
  for (const path of commandPaths(buildProgram())) for (const flag of ['--help', '-h']) argvs.push([...path, flag]);

  const texts = [];
  const argv = {};
  for (const args of argvs) {
    const { code, stdout, stderr } = await capture(main, args);
    if (code !== 0 || stderr !== '' || stdout === '') {
      throw new Error(`fast path: licensectl ${args.join(' ')} exited ${code} with stderr ${JSON.stringify(stderr)}`);
    }
    let i = texts.indexOf(stdout);
    if (i < 0) i = texts.push(stdout) - 1;
    argv[args.join('\0')] = i;
  }
  return { version: pkg.version, texts, argv };
}

/** Every way to name every command: [] for the program, then each name or alias at each level. */
function commandPaths(cmd, prefix = []) {
  const paths = [prefix];
  for (const sub of cmd.commands) {
    for (const name of [sub.name(), ...sub.aliases()]) paths.push(...commandPaths(sub, [...prefix, name]));
  }
  return paths;
}

async function capture(main, args) {
  const sink = () => {
    const s = new Writable({ write(chunk, _enc, done) { s.text += String(chunk); done(); } });
    s.text = '';
    return s;
  };
  const stdout = sink();
  const stderr = sink();
  const streams = { stdout, stderr, stdin: Readable.from([]), stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, columns: undefined };
  const code = await main(args, { io: streams, env: {}, handleSignals: false });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

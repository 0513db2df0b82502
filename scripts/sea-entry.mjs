// The main script of the single executable (scripts/package.mjs bundles it with the CLI into one
// CommonJS file). It does what bin/licensectl.js does for `node bin/licensectl.js`: answer
// `--version` and `--help` from the recorded table without loading the CLI, keep EPIPE quiet, and
// let all output out before exiting. Kept in step with that launcher by hand: the two are small,
// and the launcher must stay a plain file Node runs without a bundler.
import { getAsset, isSea } from 'node:sea';

// The Node inside the executable is the one package.mjs checked, but the same script run by a
// plain `node` (a debugging session) gets the same friendly message as the launcher.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(`licensectl: needs Node.js 22.19 or newer; this is ${process.versions.node}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
const recorded = process.env.LICENSECTL_NO_FAST_PATH ? undefined : fastPath(args);
if (recorded !== undefined) {
  print(recorded);
} else {
  const ignoreEpipe = (err) => {
    if (err.code !== 'EPIPE') throw err;
  };
  process.stdout.on('error', ignoreEpipe);
  process.stderr.on('error', ignoreEpipe);
  run();
}

async function run() {
  // A dynamic import, which esbuild turns into a lazily run module in the one bundle (the SEA
  // cannot import() files): the fast path above runs before any of the CLI is evaluated.
  const { main } = await import('../src/cli.ts');
  const code = await main(args);
  process.exitCode = code;
  setImmediate(async () => {
    await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
    process.exit(code);
  });
}

/** Straight to fd 1, as the launcher does (process.stdout would load a stream class for nothing). */
function print(text) {
  const { writeSync } = require('node:fs');
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
  } catch (err) {
    if (err.code === 'EAGAIN') process.stdout.write(bytes.subarray(done));
    else if (err.code !== 'EPIPE') throw err;
  }
}

function flushed(stream) {
  return new Promise((resolve) => {
    if (!stream.writableLength || stream.destroyed) return resolve();
    stream.write('', () => resolve());
  });
}

/** The recorded output for exactly these arguments: the `fastpath.json` asset of the executable. */
function fastPath(argv) {
  const last = argv[argv.length - 1];
  if (argv.length > 0 && last !== '--help' && last !== '-h' && last !== '--version' && last !== '-V') return undefined;
  if (!isSea()) return undefined;
  let table;
  try {
    table = JSON.parse(getAsset('fastpath.json', 'utf8'));
  } catch {
    return undefined; // packaged without a table: the CLI answers
  }
  const key = argv.join('\0');
  return Object.hasOwn(table.argv, key) ? table.texts[table.argv[key]] : undefined;
}

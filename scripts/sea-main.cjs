// The main script of the single executable (see scripts/package.mjs). As bin/licensectl.js does, it
// answers `--version` and `--help` from the recorded table without loading the CLI; otherwise it
// compiles the bundled CLI (asset cli.cjs) with V8 code cache made by running it at package time
// (asset cli.cache), which also holds the functions a command compiles as it runs: the cache Node
// makes for a SEA's main script holds only what is compiled before it runs.
// Run by a plain `node` with LICENSECTL_SEA_TRAIN=<folder>, it reads cli.cjs and cli.cache from that
// folder instead, and at exit writes the cache back (scripts/sea-train.mjs).
'use strict';
const { getAsset, isSea } = require('node:sea');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(`licensectl: needs Node.js 22.19 or newer; this is ${process.versions.node}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
const recorded = process.env.LICENSECTL_NO_FAST_PATH ? undefined : fastPath(args);
if (recorded !== undefined) print(recorded);
else runCli();

function runCli() {
  const vm = require('node:vm');
  const train = isSea() ? undefined : process.env.LICENSECTL_SEA_TRAIN;
  const fs = require('node:fs');
  const path = require('node:path');
  let source;
  let cache;
  if (train) {
    source = fs.readFileSync(path.join(train, 'cli.cjs'), 'utf8');
    if (fs.existsSync(path.join(train, 'cli.cache'))) cache = fs.readFileSync(path.join(train, 'cli.cache'));
  } else {
    source = getAsset('cli.cjs', 'utf8');
    try {
      cache = new Uint8Array(getAsset('cli.cache'));
    } catch {
      cache = undefined; // packaged without a cache: V8 compiles as it goes
    }
  }
  // The same wrapper Node gives a CommonJS file; `require` here loads built-ins only, all the
  // bundle needs.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: 'licensectl.cjs',
    cachedData: cache,
  });
  // For scripts/package.mjs and its test: V8 drops a cache silently when its flags or version differ.
  if (process.env.LICENSECTL_SEA_CHECK_CACHE) {
    process.stderr.write(`code cache: ${cache === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
  }
  if (train) {
    const exit = process.exit;
    process.exit = (code) => {
      fs.writeFileSync(path.join(train, 'cli.cache'), script.createCachedData());
      exit(code);
    };
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, process.execPath, path.dirname(process.execPath));
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

/** The recorded output for exactly these arguments: the `fastpath.json` asset. */
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

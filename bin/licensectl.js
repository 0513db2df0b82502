#!/usr/bin/env node
// Tiny launcher: check the Node version, answer `--version` and `--help` from the table the build
// recorded (dist/fastpath.json, see scripts/build.mjs) without loading the CLI, otherwise run the
// bundled CLI with its code cache (bin/code-cache.cjs).
// CommonJS (bin/package.json), not an ES module: Node then loads none of its ES module loader,
// 2-2.5 ms of every start (`--version` 28.4 -> 26.1 ms, bench/README.md).
'use strict';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  // The same line as scripts/check-node.mjs (test/e2e/node-version.test.ts keeps them equal).
  process.stderr.write(
    `licensectl: needs Node.js 22.19 or newer; this is ${process.versions.node}. Get Node 22 without root: ` +
      'npm install --prefix "$HOME/.node22" node@22 && export PATH="$HOME/.node22/node_modules/.bin:$PATH" (README: Quick start)\n',
  );
  process.exit(1);
}

const { readFileSync, writeSync } = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
const recorded = process.env.LICENSECTL_NO_FAST_PATH ? undefined : fastPath(args);
if (recorded !== undefined) {
  print(recorded);
} else {
  // A reader that goes away (`licensectl ... | head`) is no error of the command: the rest of the
  // output is dropped, the command finishes, and its exit code stands.
  const ignoreEpipe = (err) => {
    if (err.code !== 'EPIPE') throw err;
  };
  process.stdout.on('error', ignoreEpipe);
  process.stderr.on('error', ignoreEpipe);
  const cli = loadCli(args);
  cli.exports.main(args).then((code) => {
    process.exitCode = code;
    // Kept-alive sockets and stdin listeners must not hold the process open once the command is
    // done, but all of the output must get out first: a pipe takes 64 KiB at a time and Node queues
    // the rest, which process.exit() would throw away (`list --all --json | jq` would get a cut
    // document).
    setImmediate(async () => {
      await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
      cli.saveCache();
      process.exit(code);
    });
  });
}

/**
 * Compiles and runs dist/cli.cjs with the V8 code cache of bin/code-cache.cjs (what the functions
 * of earlier runs compiled to, not only the top level as Node's own compile cache keeps).
 */
function loadCli(argv) {
  const file = path.join(__dirname, '..', 'dist', 'cli.cjs');
  const { openCodeCache, commandOf } = require('./code-cache.cjs');
  const cache = openCodeCache(file, commandOf(argv));
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
    process.stderr.write('licensectl: the build is missing (dist/cli.cjs): run `npm run build` in the clone, or install again (README: Quick start)\n');
    process.exit(1);
  }
  const script = cache.compile(source, file);
  if (process.env.LICENSECTL_CHECK_CODE_CACHE) process.stderr.write(`code cache: ${cache.state}\n`);
  const cjs = { exports: {} };
  script.runInThisContext()(cjs.exports, require, cjs, file, path.dirname(file));
  cjs.exports.onBeforeTuning?.(() => cache.beforeFlagsChange());
  return {
    exports: cjs.exports,
    saveCache: () => cache.save(cjs.exports.v8FlagsChanged?.() ?? true),
  };
}

/**
 * Writes straight to fd 1: making process.stdout would load a stream class and its modules, a
 * tenth of this path's cost. A full non-blocking pipe (EAGAIN) hands the rest to process.stdout;
 * a reader that is gone (EPIPE) ends the run quietly, as for the CLI.
 */
function print(text) {
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
  } catch (err) {
    if (err.code === 'EAGAIN') process.stdout.write(bytes.subarray(done));
    else if (err.code !== 'EPIPE') throw err;
  }
}

/** Resolves once everything written to `stream` so far has been handed to the OS (or failed). */
function flushed(stream) {
  return new Promise((resolve) => {
    if (!stream.writableLength || stream.destroyed) return resolve();
    stream.write('', () => resolve());
  });
}

/** What the CLI would print for exactly these arguments, if the build recorded it. */
function fastPath(argv) {
  // Only arguments that can be in the table: no arguments, or a flag the table may hold last.
  const last = argv[argv.length - 1];
  if (argv.length > 0 && last !== '--help' && last !== '-h' && last !== '--version' && last !== '-V') return undefined;
  let table;
  try {
    table = JSON.parse(readFileSync(path.join(__dirname, '..', 'dist', 'fastpath.json'), 'utf8'));
  } catch {
    return undefined; // not built with a table: the CLI answers
  }
  const key = argv.join('\0');
  return Object.hasOwn(table.argv, key) ? table.texts[table.argv[key]] : undefined;
}

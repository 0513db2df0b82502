#!/usr/bin/env node
// Tiny launcher: check the Node version, answer `--version` and `--help` from the table the build
// recorded (dist/fastpath.json, see scripts/build.mjs) without loading the CLI, otherwise turn on
// the compile cache and run the bundled CLI.

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  // The same line as scripts/check-node.mjs (test/e2e/node-version.test.ts keeps them equal).
  process.stderr.write(
    `licensectl: needs Node.js 22.19 or newer; this is ${process.versions.node}. Get Node 22 without root: ` +
      'npm install --prefix "$HOME/.node22" node@22 && export PATH="$HOME/.node22/node_modules/.bin:$PATH" (README: Quick start)\n',
  );
  process.exit(1);
}

// Built-ins through getBuiltinModule, not `import`: an ESM import of node:fs reads all of its
// exports, and its lazy `promises` getter alone loads a dozen modules this launcher never uses.
const { readFileSync, writeSync } = process.getBuiltinModule('node:fs');
const module = process.getBuiltinModule('node:module');

const args = process.argv.slice(2);
const recorded = process.env.LICENSECTL_NO_FAST_PATH ? undefined : fastPath(args);
if (recorded !== undefined) {
  print(recorded);
} else {
  module.enableCompileCache?.();
  // A reader that goes away (`licensectl ... | head`) is no error of the command: the rest of the
  // output is dropped, the command finishes, and its exit code stands.
  const ignoreEpipe = (err) => {
    if (err.code !== 'EPIPE') throw err;
  };
  process.stdout.on('error', ignoreEpipe);
  process.stderr.on('error', ignoreEpipe);
  const { main } = await import('../dist/cli.js');
  const code = await main(args);
  process.exitCode = code;
  // Kept-alive sockets and stdin listeners must not hold the process open once the command is done,
  // but all of the output must get out first: a pipe takes 64 KiB at a time and Node queues the
  // rest, which process.exit() would throw away (`list --all --json | jq` would get a cut document).
  setImmediate(async () => {
    await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
    process.exit(code);
  });
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
    table = JSON.parse(readFileSync(new URL('../dist/fastpath.json', import.meta.url), 'utf8'));
  } catch {
    return undefined; // not built with a table: the CLI answers
  }
  const key = argv.join('\0');
  return Object.hasOwn(table.argv, key) ? table.texts[table.argv[key]] : undefined;
}

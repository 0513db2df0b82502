// The CLI inside the single executable (scripts/package.mjs bundles this file with src/ into one
// CommonJS file, which scripts/sea-main.cjs compiles and runs). It does what bin/licensectl.js does
// once the fast path has not answered: keep EPIPE quiet, run the CLI, let all output out, exit.
import { main } from '../src/cli.ts';

run(process.argv.slice(2));

async function run(args) {
  // A reader that goes away (`licensectl ... | head`) is no error of the command.
  const ignoreEpipe = (err) => {
    if (err.code !== 'EPIPE') throw err;
  };
  process.stdout.on('error', ignoreEpipe);
  process.stderr.on('error', ignoreEpipe);
  const code = await main(args);
  process.exitCode = code;
  // Kept-alive sockets must not hold the process open, but a pipe's queued output must get out
  // before process.exit() (see bin/licensectl.js).
  setImmediate(async () => {
    await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
    process.exit(code);
  });
}

function flushed(stream) {
  return new Promise((resolve) => {
    if (!stream.writableLength || stream.destroyed) return resolve();
    stream.write('', () => resolve());
  });
}

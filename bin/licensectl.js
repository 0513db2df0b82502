#!/usr/bin/env node
// Tiny launcher: check the Node version, turn on the compile cache, run the bundled CLI.
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(`licensectl: needs Node.js 22.19 or newer; this is ${process.versions.node}\n`);
  process.exit(1);
}
module.enableCompileCache?.();

const { main } = await import('../dist/cli.js');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Kept-alive sockets and stdin listeners must not hold the process open once the command is done.
setImmediate(() => process.exit(code));

// The `account` noun (UiPath: an organization's licenses). It has no command yet; `account
// licenses` lands here. Shape of a noun, as in ../group/ and ../license-type/:
//   index.ts      registration only: descriptions, options, `lazy(() => import('./<verb>.js'))`
//   <verb>.ts     one file per command, exporting `run(ctx, args, opts)`
//   shared/       this noun's helpers (rendering, option checks), never a command
// API calls belong in src/api/uipath.ts, one function per operation. Once a command is registered
// here, add `[['account'], registerAccount]` to COMMANDS in src/program.ts.
import type { Command } from 'commander';

export function registerAccount(program: Command): Command {
  return program.command('account').description('UiPath: the licenses of an organization (account)');
}

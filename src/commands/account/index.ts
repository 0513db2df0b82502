import type { Command } from 'commander';
import { examples, lazy, nonEmpty } from '../define.js';

export function registerAccount(program: Command): void {
  const account = program.command('account').description('UiPath: the organization\'s licenses');
  examples(
    account
      .command('licenses')
      .description('the organization\'s user licenses: code, product, allocated, total, free')
      .option('--account <accountId>', 'the organization (account) ID; default: the profile\'s', nonEmpty)
      .action(lazy(() => import('./licenses.js'))),
    ['licensectl account licenses', 'licensectl account licenses --json | jq -r \'.[] | select(.free == 0) | .code\''],
  );
}

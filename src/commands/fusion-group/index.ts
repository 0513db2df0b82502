import type { Command } from 'commander';
import { examples, lazy, nonEmpty } from '../define.js';

export function registerFusionGroup(program: Command): void {
  const fg = program.command('fusion-group').description('Netaxis Fusion: the groups of a DRaaS instance (to find a group\'s UUID)');
  examples(
    fg
      .command('list')
      .alias('ls')
      .description('list groups: UUID and name (needs the role groups.list)')
      .option('--instance <name>', 'DRaaS instance; default: the profile\'s', nonEmpty)
      .option('--search <text>', 'only groups whose name contains this')
      .option('--all', 'fetch every page')
      .action(lazy(() => import('./list.js'))),
    [
      'licensectl fusion-group list --search acme',
      'licensectl fusion-group list --all --json | jq -r \'.[] | "\\(.uuid) \\(.name)"\'',
    ],
  );
}

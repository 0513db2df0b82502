import type { Command } from 'commander';
import { examples, lazy, nonEmpty } from '../define.js';

export function registerProfile(program: Command): void {
  const profile = program
    .command('profile')
    .description('manage named connection profiles (base URL, defaults, stored login)');

  examples(
    profile
      .command('set')
      .description('create or change a profile')
      .argument('<name>', 'profile name (letters, digits, . _ -)')
      .option('--base-url <url>', 'API base URL, e.g. https://cloud.uipath.com/myorg', nonEmpty)
      .option('--account <accountId>', 'default UiPath account (organization) ID for `group allocate`', nonEmpty)
      .option('--instance <name>', 'default Fusion DRaaS instance for `license-type`', nonEmpty)
      .option('--group <uuid>', 'default Fusion group for `license-type`: its UUID, or its name (looked up once, the UUID is stored)', nonEmpty)
      .option('--allow-insecure-http', 'allow sending the token over plain http to a non-loopback host')
      .option('--use', 'make it the current profile')
      .action(lazy(() => import('./set.js'))),
    [
      'licensectl profile set cloud --base-url https://cloud.uipath.com/acme --account 6f1c... --use',
      'licensectl profile set fusion --base-url https://apioaas-prov.netaxis.cloud --instance draas1 --group 5f0c...',
    ],
  );

  examples(
    profile.command('list').description('list profiles (* marks the current one)').action(lazy(() => import('./list.js'))),
    ['licensectl profile list', 'licensectl profile list --json | jq -r ".[].name"'],
  );

  examples(
    profile
      .command('show')
      .description('show a profile (default: the current one); secrets are never shown')
      .argument('[name]', 'profile name')
      .action(lazy(() => import('./show.js'))),
    ['licensectl profile show', 'licensectl profile show cloud --json'],
  );

  examples(
    profile.command('use').description('make a profile the current one').argument('<name>', 'profile name').action(lazy(() => import('./use.js'))),
    ['licensectl profile use cloud'],
  );

  examples(
    profile
      .command('remove')
      .alias('rm')
      .description('delete a profile and everything stored with it')
      .argument('<name>', 'profile name')
      .action(lazy(() => import('./remove.js'))),
    ['licensectl profile remove old-lab'],
  );
}

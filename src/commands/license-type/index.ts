import { Option, type Command } from 'commander';
import { examples, intInRange, lazy, nonEmpty, positiveInt } from '../define.js';

/** --instance and --group: every license-type subcommand targets one group of one DRaaS instance. */
function target(cmd: Command): Command {
  return cmd
    .option('--instance <name>', 'DRaaS instance; default: the profile\'s', nonEmpty)
    .option('--group <uuid>', 'group UUID or name; default: the profile\'s', nonEmpty);
}

export function registerLicenseType(program: Command): void {
  const lt = program.command('license-type').alias('lt').description('Netaxis Fusion: the license types of a group');

  examples(
    target(lt.command('list').alias('ls').description('list license types'))
      .option('--search <text>', 'only types whose name, description or sku contains this')
      .addOption(new Option('--sort <field>', 'sort by a field').choices(['id', 'name', 'sku', 'description']))
      .addOption(new Option('--dir <dir>', 'sort direction').choices(['asc', 'desc']))
      .option('--page-size <n>', 'records per page (1-1000, server default 10)', intInRange(1, 1000))
      .option('--page <n>', 'page number (server default 1)', positiveInt)
      .option('--all', 'fetch every page')
      .action(lazy(() => import('./list.js'))),
    [
      'licensectl license-type list',
      'licensectl license-type list --search gold --sort name --dir desc',
      'licensectl license-type list --all --json | jq length',
    ],
  );

  examples(
    target(lt.command('get').description('show one license type').argument('<id>', 'license type id', positiveInt)).action(lazy(() => import('./get.js'))),
    ['licensectl license-type get 7', 'licensectl license-type get 7 --json | jq -r .sku'],
  );

  examples(
    target(lt.command('create').description('create a license type'))
      .requiredOption('--name <name>', 'name', nonEmpty)
      .requiredOption('--sku <sku>', 'SKU', nonEmpty)
      .option('--description <text>', 'description', '')
      .action(lazy(() => import('./create.js'))),
    ['licensectl license-type create --name "Gold seat" --sku gold --description "Premium"'],
  );

  examples(
    target(lt.command('update').description('change fields of a license type (the others are kept)').argument('<id>', 'license type id', positiveInt))
      .option('--name <name>', 'new name', nonEmpty)
      .option('--sku <sku>', 'new SKU', nonEmpty)
      .option('--description <text>', 'new description')
      .action(lazy(() => import('./update.js'))),
    ['licensectl license-type update 7 --description "Premium, 2027 price list"'],
  );

  examples(
    target(lt.command('delete').alias('rm').description('delete a license type (read first: an id that does not exist is "not found", exit 3)').argument('<id>', 'license type id', positiveInt))
      .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
      .action(lazy(() => import('./delete.js'))),
    ['licensectl license-type delete 7', 'licensectl license-type delete 7 --yes'],
  );

  examples(
    target(lt.command('apply').description('make the group\'s license types match a file (keyed by sku)'))
      .requiredOption('--file <desired.json>', 'desired license types: [{"sku","name","description"}] or {"license_types":[...]}; "-" reads stdin')
      .option('--prune', 'also delete types whose sku is not in the file (asks first; --yes without a terminal)')
      .option('--dry-run', 'print the plan, change nothing')
      .option('-y, --yes', 'do not ask before deleting (required for --prune deletions without a terminal)')
      .option('--allow-empty', 'with --prune, accept a file with no types (deletes every type in the group)')
      .action(lazy(() => import('./apply.js'))),
    ['licensectl license-type apply --file desired.json --dry-run', 'licensectl license-type apply --file desired.json --prune --yes --json'],
  );
}

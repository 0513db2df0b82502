import { Option, type Command } from 'commander';
import { examples, intInRange, lazy, nonEmpty, positiveInt } from '../define.js';

const accountOption = (cmd: Command): Command =>
  cmd.option('--account <accountId>', 'the organization (account) ID; default: the profile\'s', nonEmpty);

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerGroup(program: Command): void {
  const group = program.command('group').description('UiPath: the user licenses of groups');

  examples(
    group
      .command('allocate')
      .description('set the user licenses (bundle codes) of one group, or of many from a file: --codes replaces, --add/--remove change some')
      .argument('[group]', 'the group ID or name (omit with --from-file)')
      .option('--codes <codes>', 'replace the group\'s codes with these, comma-separated, e.g. RPADEVPRONU,IDU (any case: sent upper-case, each once)')
      .option('--add <codes>', 'add these codes, keep the others (reads the group first)')
      .option('--remove <codes>', 'remove these codes, keep the others (reads the group first)')
      .option('--account <accountId>', 'the organization (account) ID; default: the profile\'s (bulk: for rows without one)', nonEmpty)
      .option('--external-license', 'set useExternalLicense: true (default: as stored; bulk: for rows that do not say)')
      .option('--no-external-license', 'set useExternalLicense: false')
      .option('--allow-unknown-codes', 'send codes that are not in the catalog (`group codes`)')
      .option('--from-file <file>', 'bulk: a CSV (groupId or groupName, codes or add/remove[, account, externalLicense]; codes separated by ; or spaces) or JSONL file; - reads stdin')
      // 16: over a real network the time of a bulk run is its round trips divided by this (with
      // 30 ms of latency, 400 groups take 1.65 s at 8 and 0.87 s at 16); a server that wants fewer
      // says so with 429 and Retry-After, which every request honours.
      .option('--concurrency <n>', 'bulk: requests in flight (1-64)', intInRange(1, 64), 16)
      .option('--report <file>', 'bulk: write one JSON line per group as it completes (a file of its own, not -; locked while written)')
      .option('--resume', 'bulk: skip groups the --report file already marks done (unless their row changed since)')
      .option('--dry-run', 'read the group(s), print the change (+added -removed =kept) and the request, write nothing')
      .action(lazy(() => import('./allocate.js'))),
    [
      'licensectl group allocate 0b6c6c2e-8f8e-4c52-9a51-3c1a7e0f0a11 --codes RPADEVPRONU,IDU',
      'licensectl group allocate Developers --add IDU --remove PMD',
      'licensectl group allocate Developers --codes RPADEVPRONU --external-license --dry-run',
      'licensectl group allocate --from-file groups.csv --report out.jsonl',
      'licensectl group allocate --from-file groups.csv --report out.jsonl --resume',
    ],
  );

  examples(
    group.command('codes').description('the catalog of user bundle codes (code, product, status)').action(lazy(() => import('./codes.js'))),
    ['licensectl group codes', 'licensectl group codes --json | jq -r \'.[] | select(.status=="named") | .code\''],
  );

  examples(
    accountOption(group.command('show').description('a group\'s codes and external flag, beside the organization\'s allocated/total of each code').argument('<group>', 'the group ID or name'))
      .action(lazy(() => import('./show.js'))),
    ['licensectl group show Developers', 'licensectl group show 0b6c6c2e-8f8e-4c52-9a51-3c1a7e0f0a11 --json | jq .userBundleCodes'],
  );

  examples(
    accountOption(group.command('list').alias('ls').description('the groups that have a license rule'))
      .option('--code <code>', 'only groups holding this code (repeat for several)', collect)
      .addOption(new Option('--sort <field>', 'sort by').choices(['name']))
      .addOption(new Option('--dir <dir>', 'sort direction').choices(['asc', 'desc']))
      .option('--page-size <n>', 'groups per page (1-1000, default 50)', intInRange(1, 1000))
      .option('--page <n>', 'page number (default 1)', positiveInt)
      .option('--all', 'fetch every page')
      .action(lazy(() => import('./list.js'))),
    ['licensectl group list', 'licensectl group list --code IDU --code PMD --sort name --dir desc', 'licensectl group list --all --json | jq length'],
  );

  examples(
    accountOption(group.command('revoke').description('remove a group\'s license rule: it then holds no user licenses').argument('<group>', 'the group ID or name'))
      .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
      .option('--dry-run', 'show what would be removed, remove nothing')
      .action(lazy(() => import('./revoke.js'))),
    ['licensectl group revoke Contractors --dry-run', 'licensectl group revoke 0b6c6c2e-8f8e-4c52-9a51-3c1a7e0f0a11 --yes'],
  );

  examples(
    accountOption(group.command('undo').description('put every group a bulk run (or apply) wrote back as it was before, from its --report'))
      .requiredOption('--report <file>', 'the report of the run to undo (one JSON line per group, with the rule before)')
      .option('--undo-report <file>', 'where the undo reports each group (default: <report>.undo.jsonl); run again, it skips the groups this marks done')
      .option('--concurrency <n>', 'requests in flight (1-64)', intInRange(1, 64), 16)
      .option('--force', 'restore groups changed by someone else since the run too (otherwise left alone as conflict)')
      .option('--dry-run', 'read the groups and print what would be restored (+added -removed), write nothing')
      .action(lazy(() => import('./undo.js'))),
    ['licensectl group undo --report out.jsonl --dry-run', 'licensectl group undo --report out.jsonl', 'licensectl group undo --report out.jsonl --force --undo-report undo.jsonl'],
  );

  examples(
    accountOption(group.command('apply').description('make many groups\' licenses match a file: plan with per-group changes, then write only what differs'))
      .requiredOption('--file <file>', 'the desired state: CSV (groupId or groupName,codes[,externalLicense]), JSONL, or a JSON array of {groupId|groupName|group, codes, externalLicense?}; - reads stdin')
      .option('--prune', 'also revoke the rules of groups not in the file (asks, or needs --yes)')
      .option('--dry-run', 'print the plan, change nothing')
      .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
      .option('--concurrency <n>', 'requests in flight (1-64)', intInRange(1, 64), 16)
      .option('--report <file>', 'write one JSON line per group written (`group undo --report` takes it back)')
      .option('--allow-unknown-codes', 'send codes that are not in the catalog (`group codes`)')
      .action(lazy(() => import('./apply.js'))),
    ['licensectl group apply --file desired.csv --dry-run', 'licensectl group apply --file desired.json --yes --report apply.jsonl', 'licensectl group apply --file desired.csv --prune'],
  );
}

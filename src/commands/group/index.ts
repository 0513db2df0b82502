import type { Command } from 'commander';
import { examples, intInRange, lazy, nonEmpty } from '../define.js';

export function registerGroup(program: Command): void {
  const group = program.command('group').description('UiPath: allocate user licenses to groups');

  examples(
    group
      .command('allocate')
      .description('set the user licenses (bundle codes) of one group, or of many from a file; replaces the group\'s codes')
      .argument('[groupId]', 'the group ID (omit with --from-file)')
      .option('--codes <codes>', 'comma-separated user bundle codes, e.g. RPADEVPRONU,IDU (any case: sent upper-case, each once)')
      .option('--account <accountId>', 'the organization (account) ID; default: the profile\'s (bulk: for rows without one)', nonEmpty)
      .option('--external-license', 'set useExternalLicense: true (bulk: for rows that do not say)')
      .option('--allow-unknown-codes', 'send codes that are not in the catalog (`group codes`)')
      .option('--from-file <file>', 'bulk: a CSV (groupId,codes[,account,externalLicense]; codes separated by ; or spaces) or JSONL file; - reads stdin')
      // 16: over a real network the time of a bulk run is its round trips divided by this (with
      // 30 ms of latency, 400 groups take 1.65 s at 8 and 0.87 s at 16); a server that wants fewer
      // says so with 429 and Retry-After, which every request honours.
      .option('--concurrency <n>', 'bulk: requests in flight (1-64)', intInRange(1, 64), 16)
      .option('--report <file>', 'bulk: write one JSON line per group as it completes')
      .option('--resume', 'bulk: skip groups the --report file already marks ok')
      .option('--dry-run', 'print the request(s) that would be sent, send nothing')
      .action(lazy(() => import('./allocate.js'))),
    [
      'licensectl group allocate 0b6c6c2e-8f8e-4c52-9a51-3c1a7e0f0a11 --codes RPADEVPRONU,IDU',
      'licensectl group allocate 0b6c6c2e-... --codes RPADEVPRONU --external-license --dry-run',
      'licensectl group allocate --from-file groups.csv --report out.jsonl',
      'licensectl group allocate --from-file groups.csv --report out.jsonl --resume',
    ],
  );

  examples(
    group.command('codes').description('the catalog of user bundle codes (code, product, status)').action(lazy(() => import('./codes.js'))),
    ['licensectl group codes', 'licensectl group codes --json | jq -r \'.[] | select(.status=="named") | .code\''],
  );
}

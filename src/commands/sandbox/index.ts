import type { Command } from 'commander';
import { examples, fraction, intInRange, lazy, nonEmpty, nonNegativeNumber } from '../define.js';

export function registerSandbox(program: Command): void {
  examples(
    program
      .command('sandbox')
      .description('run a local emulator of both vendor APIs, to rehearse scripts safely')
      .option('--port <n>', 'port to listen on (0 = any free port)', intInRange(0, 65535), 4010)
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--data <state.json>', 'keep the state in this JSON file (default: in memory)', nonEmpty)
      .option('--latency <ms>', 'delay every API answer by this many milliseconds', nonNegativeNumber, 0)
      .option('--fault-rate <0..1>', 'share of API requests answered with 429/502/503/504 or a dropped connection', fraction, 0)
      .option('--fault-retry-after <seconds>', 'Retry-After sent with injected 429s', nonNegativeNumber, 1)
      .option('--fault-auth', 'inject faults on the auth endpoints too')
      .option('--token-ttl <seconds>', 'lifetime of the tokens it issues', intInRange(1, 86_400 * 365), 3600)
      .option('--rate-limit <per-second>', 'answer 429 with Retry-After above this many API requests per second (default: no limit)', intInRange(1, 1_000_000))
      .option('--groups <n>', 'also seed n UiPath groups named group-0001.., every other one with a rule', intInRange(0, 1_000_000), 0)
      .option('--profile <name>', 'write a ready profile (base URL, defaults, token) into the store')
      .action(lazy(() => import('./run.js'))),
    [
      'licensectl sandbox --profile sandbox',
      'licensectl --profile sandbox license-type list',
      'licensectl sandbox --port 0 --fault-rate 0.2 --latency 50',
      'licensectl sandbox --groups 10000 --rate-limit 200',
      '',
      '# Admin endpoints (no token needed; never faulted, rate-limited or delayed):',
      '#   GET    /_sandbox/requests   the newest 10,000 API requests (method, path, query, status)',
      '#   DELETE /_sandbox/requests   clear that log',
      '#   GET    /_sandbox/state      everything stored, tokens left out',
      '#   POST   /_sandbox/seed       {"groups":{"accountId","count","prefix"?}} and/or',
      '#                               {"licenseTypes":{"instance","group","count"}}',
    ],
  );
}

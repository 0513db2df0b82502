import type { Command } from 'commander';
import { examples, fraction, intInRange, lazy, nonEmpty, nonNegativeNumber } from '../define.js';

// Literal rather than built from src/sandbox/identities.ts, so `--help` loads no sandbox code; a
// test keeps it in step with the seed.
const LOGINS = `
Seeded logins (public, for rehearsals only):
  UiPath clients   licensectl-demo / demo-secret         PM.License.Write PM.License.Read PM.Group.Read
                   licensectl-writeonly / writeonly-secret   PM.License.Write only
                   reader / reader-secret                 PM.License.Read only
                   group-reader / group-reader-secret     PM.Group only
                   No scope asked: all the client's scopes. Asking for one it was not
                   granted refuses the whole request (400 invalid_scope).
  UiPath user      admin / admin (password grant and the legacy authenticate call)
  Fusion users     admin / admin (every role), viewer / viewer (list and read only)
                   robot / robot: the login also answers the machine (M2M) token
                     sbx_m2m_robot_7d3f9a2c5e1b4086a9c2, which never expires
                   twofactor / twofactor: second factor by email; the code is printed here
                   totp / totp: second factor by TOTP (RFC 6238, 30 s, 6 digits), secret
                     LICENSECTLSANDBOXTOTPSECRET23456 (oathtool --totp -b <secret>)
                   GET /_sandbox/2fa/<user> answers the current code of either.
  Lifetimes        access tokens --token-ttl, Fusion refresh tokens --refresh-ttl (a new one
                   comes with a renewal in its last fifth), 2FA payloads 300 s.`;

export function registerSandbox(program: Command): void {
  examples(
    program
      .command('sandbox')
      .description('run a local emulator of both vendor APIs, to rehearse scripts safely')
      .option('--port <n>', 'port to listen on (0 = any free port)', intInRange(0, 65535), 4010)
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--allow-remote', 'allow a --host other machines can reach (the seeded logins are public, the admin endpoints need no token)')
      .option('--data <state.json>', 'keep the state in this JSON file (default: in memory)', nonEmpty)
      .option('--latency <ms>', 'delay every API answer by this many milliseconds', nonNegativeNumber, 0)
      .option('--fault-rate <0..1>', 'share of API requests answered with 429/502/503/504 or a dropped connection', fraction, 0)
      .option('--fault-retry-after <seconds>', 'Retry-After sent with injected 429s', nonNegativeNumber, 1)
      .option('--fault-auth', 'inject faults on the auth endpoints too')
      .option('--token-ttl <seconds>', 'lifetime of the tokens it issues, default 3600; with --profile, of the profile\'s token too (else it never expires)', intInRange(1, 86_400 * 365))
      .option('--refresh-ttl <seconds>', 'lifetime of the Fusion refresh tokens it issues', intInRange(1, 86_400 * 365), 7200)
      .option('--rate-limit <per-second>', 'answer 429 with Retry-After above this many API requests per second (default: no limit)', intInRange(1, 1_000_000))
      .option('--groups <n>', 'also seed n UiPath groups named group-0001.., every other one with a rule', intInRange(0, 1_000_000), 0)
      .option('--profile <name>', 'write a ready profile (base URL, defaults, token) into the store')
      .addHelpText('after', LOGINS)
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

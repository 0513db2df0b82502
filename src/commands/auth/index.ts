import type { Command } from 'commander';
import { examples, lazy, nonEmpty } from '../define.js';

export function registerAuth(program: Command): void {
  const auth = program.command('auth').description('log in, check and forget credentials');

  examples(
    auth
      .command('login')
      .description('log in to the current profile; secrets are read from stdin, never from arguments')
      .option('--with-token', 'read a bearer token from stdin')
      .option('--client-id <id>', 'OAuth client credentials: the external application\'s ID', nonEmpty)
      .option('--client-secret-stdin', 'read the client secret from stdin')
      .option('--username <user>', 'password grant (UiPath) or Fusion login; in a terminal the password is asked for', nonEmpty)
      .option('--password-stdin', 'read the password from stdin')
      .option('--otp <code>', 'Fusion second factor: the one-time code (else asked for in a terminal)', nonEmpty)
      .option('--scope <scopes>', 'OAuth scopes to ask for (default: none, i.e. all the application was granted; password grant: "PM.License.Write PM.License.Read")', nonEmpty)
      .option('--token-url <url>', 'OAuth token endpoint (default {origin}/identity_/connect/token)', nonEmpty)
      .action(lazy(() => import('./login.js'))),
    [
      'echo "$TOKEN" | licensectl auth login --with-token',
      'printf %s "$SECRET" | licensectl auth login --client-id 3f2a... --client-secret-stdin',
      'licensectl auth login --username admin --password-stdin < password.txt',
      'licensectl auth login --username admin          # in a terminal: asks for the password, then the 2FA code',
      'licensectl auth login --username admin --password-stdin --otp 123456 < password.txt',
      'printf \'%s\\n%s\\n\' "$PASSWORD" "$SECRET" | licensectl auth login --username admin --password-stdin --client-id 3f2a... --client-secret-stdin',
    ],
  ).addHelpText(
    'after',
    `
Which login:
  --with-token (the default)           a bearer token; checked against the profile's Fusion group
                                       when it has --instance and --group, else stored unverified
  --client-id + --client-secret-stdin  UiPath Identity client credentials; renewed automatically
  --username + --password-stdin + --client-id
                                       UiPath Identity password grant; with --client-secret-stdin,
                                       stdin holds the password on line 1, the client secret on line 2
  --username + --password-stdin        Netaxis Fusion login (POST {base URL}/api/v01/auth/login); its
                                       access token is renewed with the stored refresh token
Fusion second factor: a TOTP code can be passed with --otp; an emailed code is typed at the prompt
(a terminal). A user with a machine-to-machine token gets that token, which does not expire: the
right choice for CI, which meets 2FA on every run.
The client secret and refresh token are stored (mode 0600) so new tokens can be fetched; a
password never is.
On a terminal, licensectl prompts for secrets without echoing them.
--json prints {"profile","method","verified","expiresAt"} (plus "clientId" or "username", and
"machine": true for a machine token).
A token the server refuses (401) is not stored: exit 4.`,
  );

  examples(auth.command('status').description('who is logged in, with which token source and expiry (exit 4 when not logged in or expired)').action(lazy(() => import('./status.js'))), [
    'licensectl auth status',
    'licensectl auth status --json',
  ]).addHelpText(
    'after',
    `
--json prints {"profile","baseUrl","source":"env"|"store","method":"token"|"client_credentials"|"password"|"fusion_login",
"clientId","username","scope","tokenUrl","expiresAt" (ISO 8601 or null),"expiresInSeconds","expired","renewable",
"machine" (a Fusion machine-to-machine token)}.
In a pipe: one line of these fields in this order, tab-separated, empty for null
(e.g. cut -f11 is "true" when the token has expired). A terminal shows only the fields set.`,
  );
  examples(auth.command('logout').description('end the Fusion session on the server (best effort), then forget the stored token and secrets of the profile').action(lazy(() => import('./logout.js'))), [
    'licensectl auth logout',
  ]);
  examples(auth.command('token').description('print the bearer token (the one command that does); renews it first when due').action(lazy(() => import('./token.js'))), [
    "licensectl auth token | sed 's/^/Authorization: Bearer /' | curl -H @- https://cloud.uipath.com/acme/...",
    'licensectl auth token --json',
  ]).addHelpText(
    'after',
    `
Keep the token out of command lines: every user of the machine sees them (ps). Pipe it, as above
(curl -H @- reads headers from stdin), or write it to a file of mode 0600.`,
  );
}

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
      .option('--username <user>', 'password grant (UiPath) or Fusion login', nonEmpty)
      .option('--password-stdin', 'read the password from stdin')
      .option('--scope <scopes>', 'OAuth scopes (default "PM.License.Write PM.License.Read")', nonEmpty)
      .option('--token-url <url>', 'OAuth token endpoint (default {origin}/identity_/connect/token)', nonEmpty)
      .action(lazy(() => import('./login.js'))),
    [
      'echo "$TOKEN" | licensectl auth login --with-token',
      'printf %s "$SECRET" | licensectl auth login --client-id 3f2a... --client-secret-stdin',
      'licensectl auth login --username admin --password-stdin < password.txt',
    ],
  );

  examples(auth.command('status').description('who is logged in, with which token source and expiry').action(lazy(() => import('./status.js'))), [
    'licensectl auth status',
    'licensectl auth status --json',
  ]);
  examples(auth.command('logout').description('forget the stored token and secrets of the profile').action(lazy(() => import('./logout.js'))), [
    'licensectl auth logout',
  ]);
  examples(auth.command('token').description('print the bearer token (the one command that does)').action(lazy(() => import('./token.js'))), [
    'curl -H "Authorization: Bearer $(licensectl auth token)" ...',
  ]);
}

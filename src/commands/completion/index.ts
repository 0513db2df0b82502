import { Argument, type Command } from 'commander';
import { examples, lazy } from '../define.js';

export function registerCompletion(program: Command): void {
  examples(
    program
      .command('completion')
      .description('print a shell completion script')
      .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
      .action(lazy(() => import('./run.js'))),
    [
      'source <(licensectl completion bash)',
      'licensectl completion zsh > "${fpath[1]}/_licensectl"',
      'licensectl completion fish > ~/.config/fish/completions/licensectl.fish',
    ],
  );
}

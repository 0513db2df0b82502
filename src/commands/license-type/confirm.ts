// A yes/no question on the terminal. Only asked when both stdin and stderr are terminals: a
// script never hangs on a prompt it cannot see (it must pass --yes instead).
import { createInterface } from 'node:readline';
import type { Context } from '../../context.js';

export function canPrompt(ctx: Context): boolean {
  return ctx.io.stdinIsTTY && ctx.io.stderrIsTTY;
}

/** True only for an explicit "y" or "yes"; end of input or anything else is no. */
export async function confirm(ctx: Context, question: string): Promise<boolean> {
  ctx.io.stderr.write(`${question} [y/N] `);
  const rl = createInterface({ input: ctx.io.stdin, terminal: false });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
    });
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}

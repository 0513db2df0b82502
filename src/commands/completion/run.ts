import type { Context } from '../../context.js';
import { bashScript } from './shared/bash.js';
import { fishScript } from './shared/fish.js';
import { completionTree } from './shared/tree.js';
import { zshScript } from './shared/zsh.js';

const SCRIPTS = { bash: bashScript, zsh: zshScript, fish: fishScript };

/**
 * Prints the completion script for a shell. The scripts are generated from the very program that
 * parses the command line (a fresh one from the context, so nothing of this run leaks into it, and
 * this file does not import the program that imports it).
 */
export async function run(ctx: Context, [shell]: string[]): Promise<void> {
  const tree = completionTree(ctx.program());
  ctx.io.stdout.write(SCRIPTS[shell as keyof typeof SCRIPTS](tree));
}

import type { Context } from '../../context.js';
import { failure } from '../../errors.js';

// Placeholder until this command lands; it must never be reported as done.
export async function run(_ctx: Context): Promise<number> {
  throw failure('this command is not implemented yet', 'not_implemented');
}

import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { messageText } from './format.js';

export interface ErrorSink {
  stderr: { write(text: string): unknown };
  json: boolean;
  verbose: boolean;
  redact: (text: string) => string;
}

/**
 * The one place an error becomes output and an exit code: `licensectl: <message>` on one line,
 * or `{"error":{"code","message","status"}}` with --json. A stack trace only with --verbose, and
 * only for an unexpected error.
 */
export function reportError(err: unknown, sink: ErrorSink): number {
  const known = err instanceof CliError;
  const raw = known ? err.message : `unexpected error: ${(err as Error)?.message ?? String(err)} (please report it; --verbose shows details)`;
  // Messages quote files and servers (a JSON.parse error quotes the text itself): no control character gets through.
  const message = sink.redact(messageText(raw));
  const exitCode = known ? err.exitCode : ExitCode.failure;
  if (sink.json) {
    const error: Record<string, unknown> = { code: known ? err.code : 'internal', message };
    if (known && err.status !== undefined) error.status = err.status;
    sink.stderr.write(JSON.stringify({ error }) + '\n');
  } else {
    sink.stderr.write(`licensectl: ${message}\n`);
  }
  // A known error (a server that is down, a refusal) is explained by its message; a stack trace is
  // for the unexpected ones, the ones worth reporting. With --json stderr carries JSON only: a {"stack"} line.
  if (sink.verbose && !known && err instanceof Error && err.stack) {
    sink.stderr.write((sink.json ? JSON.stringify({ stack: sink.redact(err.stack) }) : sink.redact(err.stack)) + '\n');
  }
  return exitCode;
}

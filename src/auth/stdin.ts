// Reading secrets from stdin, the only way they enter licensectl besides the environment
// (never argv: other users see it in `ps`, shells keep it in history). A pipe is read to its end;
// a terminal gets a prompt that does not echo, or a clear usage error when nobody can answer it.

import { CliError, usageError } from '../errors.js';
import type { Streams } from '../output/output.js';
import { promptHidden } from '../output/prompt.js';

const MAX_STDIN = 1024 * 1024;

export interface SecretSpec {
  /** What it is, for prompts and messages: "token", "password", "client secret". */
  label: string;
  /** The flag that asked for it, for messages. */
  flag: string;
  /** Tokens and client secrets lose surrounding whitespace; a password keeps all but the line end. */
  trim: 'all' | 'line-end';
}

/**
 * One secret per line of stdin, in the order asked. On a terminal each is prompted for in turn,
 * without echo. An empty or missing value is a usage error (nothing is sent).
 */
export async function readSecrets(io: Streams, specs: readonly SecretSpec[]): Promise<string[]> {
  if (io.stdinIsTTY) {
    if (!io.stderrIsTTY) throw usageError(`${specs[0]!.flag} reads the ${specs[0]!.label} from stdin, which is a terminal: pipe it in, e.g. \`... ${specs[0]!.flag} < file\``);
    const values: string[] = [];
    for (const spec of specs) values.push(check(spec, clean(await promptHidden(io, `${capitalise(spec.label)}: `), spec)));
    return values;
  }
  const text = await readAll(io.stdin, specs[0]!);
  // A lone token may sit anywhere in the input (blank lines around a paste); several values are one a line.
  const values = specs.length === 1 && specs[0]!.trim === 'all' ? [text] : text.split('\n');
  return specs.map((spec, i) => check(spec, clean(values[i] ?? '', spec), specs.length > 1 ? i + 1 : undefined));
}

function clean(value: string, spec: SecretSpec): string {
  return spec.trim === 'all' ? value.trim() : value.replace(/\r?\n$/, '').replace(/\r$/, '');
}

function check(spec: SecretSpec, value: string, line?: number): string {
  if (value.trim() === '') {
    const where = line === undefined ? 'stdin' : `line ${line} of stdin`;
    throw usageError(`${spec.flag}: no ${spec.label} on ${where} (pipe it in, e.g. \`printf '%s\\n' "$VALUE" | licensectl auth login ...\`)`);
  }
  if (value.includes('\0')) throw usageError(`${spec.flag}: the ${spec.label} on stdin contains a NUL byte`);
  if (spec.trim === 'all' && /\s/.test(value)) {
    throw usageError(`${spec.flag}: the ${spec.label} on stdin contains spaces or line breaks; expected it alone`);
  }
  return value;
}

async function readAll(stdin: NodeJS.ReadableStream, spec: SecretSpec): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stdin) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > MAX_STDIN) throw usageError(`${spec.flag}: stdin holds more than ${MAX_STDIN / 1024} KiB; expected the ${spec.label} alone`);
      chunks.push(buf);
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    // A closed or unreadable stdin holds no secret.
    return '';
  }
  return Buffer.concat(chunks).toString('utf8');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

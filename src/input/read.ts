// Reading an input file given on the command line (`-` is stdin). Nothing has been sent when this
// runs, so every problem is a usage error (exit 2). Reading stops just past the size limit, so
// `--from-file /dev/zero` or an endless pipe is refused at once instead of filling memory.
import fs from 'node:fs';
import { usageError } from '../errors.js';

/** The default limit: a bulk file of a hundred thousand groups is a few megabytes. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * Standard input, or a function that gives it: process.stdin is made on first use (a stream class
 * and its modules), so a command reading a named file passes `() => ctx.io.stdin` and never makes it.
 */
export type Stdin = NodeJS.ReadableStream | (() => NodeJS.ReadableStream);

export async function readInputFile(file: string, stdin: Stdin, maxBytes = MAX_INPUT_BYTES): Promise<string> {
  let bytes: Buffer;
  try {
    // Synchronously: nothing else runs yet, and node:fs/promises alone takes a few milliseconds to load.
    bytes = file === '-' ? await readStream(typeof stdin === 'function' ? stdin() : stdin, maxBytes) : readFileLimited(file, maxBytes);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a folder' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw usageError(`cannot read ${file}: ${why}`);
  }
  if (bytes.length > maxBytes) throw usageError(`${file === '-' ? 'stdin' : file} is larger than ${size(maxBytes)}: refusing to read it; nothing was sent`);
  return bytes.toString('utf8');
}

/** At most `maxBytes + 1` bytes of the file: one more than allowed is enough to refuse it. */
function readFileLimited(file: string, maxBytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(1024 * 1024, maxBytes + 1 - total);
      if (want <= 0) break;
      const buf = Buffer.allocUnsafe(want);
      const n = fs.readSync(fd, buf, 0, want, null);
      if (n === 0) break;
      chunks.push(n === want ? buf : buf.subarray(0, n));
      total += n;
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

/** Stops reading once past `maxBytes`: the caller refuses the input anyway. */
async function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(buf);
    total += buf.length;
    if (total > maxBytes) break;
  }
  return Buffer.concat(chunks, total);
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

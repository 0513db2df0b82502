// Reading an input file given on the command line (`-` is stdin). Nothing has been sent when this
// runs, so every problem is a usage error (exit 2).
import { readFileSync } from 'node:fs';
import { usageError } from '../errors.js';

export async function readInputFile(file: string, stdin: NodeJS.ReadableStream, maxBytes = Infinity): Promise<string> {
  let text: string;
  try {
    // Synchronously: nothing else runs yet, and node:fs/promises alone takes a few milliseconds to load.
    text = file === '-' ? await readStream(stdin, maxBytes) : readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a folder' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw usageError(`cannot read ${file}: ${why}`);
  }
  if (Buffer.byteLength(text) > maxBytes) throw usageError(`${file} is larger than ${maxBytes / 1024 / 1024} MiB`);
  return text;
}

/** Stops reading once past `maxBytes`: the caller refuses the input anyway. */
async function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.length > maxBytes) break;
  }
  return text;
}

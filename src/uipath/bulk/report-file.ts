// Where a bulk report (`--report`) may be written, and by whom. A report replaces its file, so a
// slip of the keyboard must not turn it onto something precious: the input file, the profile
// store, a file that is not a report, a device. And two runs sharing one report would interleave
// and lose each other's lines, so a run holds a lock file beside the report while it writes.
// Everything here runs before anything is sent: each refusal is a usage error (exit 2).

import fs from 'node:fs';
import path from 'node:path';
import { usageError } from '../../errors.js';

export interface ReportGuard {
  /** Gives the report up to the next run (idempotent). */
  release(): void;
}

/** How much of an existing file is read to tell whether it is a report. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Runs `run` with `report` checked (see checkReportPath) and, when the run will write it (`lock`),
 * locked until it ends; without a report, just runs it.
 */
export async function withReport<T>(report: string | undefined, opts: { input: string; configDir: string; lock: boolean; stdinFd?: number }, run: () => Promise<T>): Promise<T> {
  if (report === undefined) return run();
  checkReportPath(report, opts);
  const guard = opts.lock ? lockReport(report) : undefined;
  try {
    return await run();
  } finally {
    guard?.release();
  }
}

/** Refuses a report path that would overwrite what it must not. */
export function checkReportPath(report: string, opts: { input: string; configDir: string; stdinFd?: number }): void {
  if (report === '-') {
    throw usageError('--report - is not supported: the report must be a file that --resume can read back (the results go to stdout; --json makes them one document)');
  }
  if (report.trim() === '') throw usageError('--report needs a file name');
  const stat = statOf(report);
  if (stat && !stat.isFile()) throw usageError(`--report ${report} is not a regular file (a folder or a device): give a file name`);
  const real = realTarget(report);
  if (opts.input === '-') {
    // `--from-file - < groups.csv --report groups.csv`: stdin is that very file.
    const input = opts.stdinFd === undefined ? undefined : fstatOf(opts.stdinFd);
    if (input?.isFile() && stat && input.dev === stat.dev && input.ino === stat.ino) {
      throw usageError(`--report ${report} is the file on stdin (--from-file -): writing the report would destroy it; give another file`);
    }
  } else {
    const input = statOf(opts.input);
    // The same file by another name (a symlink, ./x, a hard link) is the same inode.
    if (realTarget(opts.input) === real || (input && stat && input.dev === stat.dev && input.ino === stat.ino)) {
      throw usageError(`--report ${report} is the input file ${opts.input}: writing the report would destroy it; give another file`);
    }
  }
  const config = realTarget(opts.configDir);
  if (real === config || real.startsWith(config + path.sep)) {
    throw usageError(`--report ${report} is inside licensectl's config folder (${opts.configDir}): give a file elsewhere`);
  }
  if (stat && stat.size > 0 && !looksLikeReport(report)) {
    throw usageError(`--report ${report} exists and is not a licensectl report: refusing to overwrite it; delete it or give another file`);
  }
}

/**
 * Takes `<report>.lock` (created exclusively, holding this process's id). A lock whose process is
 * gone (a run that was killed) is taken over; a live one is refused.
 */
export function lockReport(report: string): ReportGuard {
  const lock = `${report}.lock`;
  for (let tries = 0; tries < 3; tries++) {
    let fd: number;
    try {
      fd = fs.openSync(lock, 'wx', 0o644);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw usageError(`cannot lock the report ${report} (${lock}): ${(err as Error).message}`);
      const holder = lockHolder(lock);
      if (holder !== 'stale') {
        const who = holder === 'unknown' ? 'another licensectl run' : `another licensectl run (process ${holder})`;
        throw usageError(`--report ${report} is being written by ${who}: wait for it to end, or give another file (if no run is active, delete ${lock})`);
      }
      fs.rmSync(lock, { force: true });
      continue;
    }
    try {
      fs.writeSync(fd, `${process.pid}\n`);
    } finally {
      fs.closeSync(fd);
    }
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      process.off('exit', release);
      try {
        if (fs.readFileSync(lock, 'utf8').trim() === String(process.pid)) fs.rmSync(lock, { force: true });
      } catch {
        // already gone
      }
    };
    // A run that ends by process.exit (a second Ctrl-C) still gives the report up.
    process.on('exit', release);
    return { release };
  }
  throw usageError(`cannot lock the report ${report}: ${lock} keeps reappearing; is another run starting?`);
}

/** The process holding a lock file, 'stale' when it is gone, 'unknown' when the file says nothing (yet). */
function lockHolder(lock: string): number | 'stale' | 'unknown' {
  let text: string;
  let mtime: number;
  try {
    text = fs.readFileSync(lock, 'utf8');
    mtime = fs.statSync(lock).mtimeMs;
  } catch {
    return 'stale'; // removed meanwhile: try again
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) {
    // Created a moment ago by a run that has not written its id yet, or a leftover without one.
    return Date.now() - mtime > 10_000 ? 'stale' : 'unknown';
  }
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : 'stale';
  }
}

/** Every complete line of the file's start is a report line: a JSON object with a groupId and a status. */
function looksLikeReport(file: string): boolean {
  let head: string;
  let size: number;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(SNIFF_BYTES);
      const n = fs.readSync(fd, buf, 0, SNIFF_BYTES, 0);
      head = buf.subarray(0, n).toString('utf8');
      size = fs.fstatSync(fd).size;
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    throw usageError(`cannot read the existing --report file ${file}: ${(err as Error).message}`);
  }
  const lines = head.split('\n');
  // A last line without its newline may be cut by the sniff window, or torn by a crash: it only
  // has to start like a report line.
  const last = lines.pop()!;
  const full = lines.filter((l) => l.trim() !== '');
  if (full.length === 0 && last.trim() === '') return size <= SNIFF_BYTES;
  return full.every(isReportLine) && (last.trim() === '' || /^\{"groupId":/.test(last));
}

function isReportLine(line: string): boolean {
  try {
    const v = JSON.parse(line) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Record<string, unknown>).groupId === 'string' && typeof (v as Record<string, unknown>).status === 'string';
  } catch {
    return false;
  }
}

function fstatOf(fd: number): fs.Stats | undefined {
  try {
    return fs.fstatSync(fd);
  } catch {
    return undefined;
  }
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** The real path of `file`, or (when it does not exist yet) of the folder it would be made in. */
function realTarget(file: string): string {
  const abs = path.resolve(file);
  try {
    return fs.realpathSync(abs);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { emptyStore, profileMap, storeProblem, type StoreData } from './profile.js';

const FILE = 'config.json';

/**
 * conf writes through `atomically`, whose `when-exit` hooks every signal at import and, on Ctrl-C,
 * re-sends the signal to the process: that would turn a graceful stop (a bulk run flushing its
 * report) into a second, forced one. Our writes are write-then-rename, so a signal can at worst
 * leave a stray temp file; drop the signal hooks it adds (its plain 'exit' hook stays).
 * Guarded by test/config/store.test.ts (see scripts/README.md, "Upgrading conf").
 */
async function loadConf() {
  const signals = Object.keys(os.constants.signals) as NodeJS.Signals[];
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: Conf } = await import('conf');
  for (const s of signals) {
    for (const listener of process.listeners(s)) if (!before.get(s)!.has(listener)) process.removeListener(s, listener);
  }
  return Conf;
}

/** The folder holding the store: LICENSECTL_CONFIG_DIR, else $XDG_CONFIG_HOME/licensectl, else ~/.config/licensectl. */
export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.LICENSECTL_CONFIG_DIR) return path.resolve(env.LICENSECTL_CONFIG_DIR);
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'licensectl');
}

function storeError(file: string, what: string, cause?: unknown): CliError {
  return new CliError(`the profile store ${file} ${what}`, { code: 'config', exitCode: ExitCode.failure, cause });
}

/**
 * The profile store: one JSON file, mode 0600, in a folder of mode 0700.
 * Reads are a plain read and parse (fast: most commands only read). Writes go through conf
 * (atomic write-and-rename, file mode) under an exclusive lock, so concurrent licensectl
 * processes never lose each other's changes nor leave a half-written file.
 */
export class ProfileStore {
  readonly file: string;

  constructor(readonly dir: string) {
    this.file = path.join(dir, FILE);
  }

  read(): StoreData {
    this.refuseSharedModes();
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return emptyStore();
      throw storeError(this.file, `cannot be read (${code ?? String(err)})`, err);
    }
    if (text.trim() === '') return emptyStore();
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw storeError(this.file, `is not valid JSON (${(err as Error).message}): repair it or remove it and run \`licensectl profile set\` again`, err);
    }
    const problem = storeProblem(data);
    if (problem) throw storeError(this.file, `is not a licensectl profile store: ${problem}`);
    const d = data as Partial<StoreData>;
    return { version: 1, profiles: profileMap(d.profiles), ...(d.current === undefined ? {} : { current: d.current }) };
  }

  /**
   * Read-modify-write under the store lock. `change` mutates the data it is given; it may be async
   * (a token renewal fetches under the lock so two processes never spend one refresh token twice).
   */
  async update<T>(change: (data: StoreData) => T | Promise<T>): Promise<T> {
    this.refuseSharedModes();
    this.ensureDir();
    // CommonJS module: imported from ESM, its functions sit on the default export.
    const { default: lockfile } = await import('proper-lockfile');
    let release: () => Promise<void>;
    try {
      release = await this.lock(lockfile);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOCKED') throw storeError(this.file, 'is locked by another licensectl that did not finish; try again', err);
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        throw storeError(this.file, `cannot be changed: its folder ${this.dir} is not writable (${code})`, err);
      }
      throw storeError(this.file, `cannot be locked for writing (${code ?? (err as Error).message})`, err);
    }
    try {
      const data = this.read();
      const result = await change(data);
      await this.write(data);
      return result;
    } finally {
      await release().catch(() => undefined);
    }
  }

  /**
   * Waits up to ~10 s for another licensectl to finish. proper-lockfile's own retries would also
   * retry a folder that cannot be written (EACCES, EPERM) for that long: only ELOCKED is worth waiting for.
   */
  private async lock(lockfile: typeof import('proper-lockfile')): Promise<() => Promise<void>> {
    const deadline = Date.now() + 10_000;
    for (let delay = 10; ; delay = Math.min(200, delay * 1.3)) {
      try {
        return await lockfile.lock(this.dir, { lockfilePath: this.file + '.lock', stale: 10_000, retries: 0, realpath: false });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random())));
      }
    }
  }

  private async write(data: StoreData): Promise<void> {
    const Conf = await loadConf();
    try {
      const conf = new Conf<Record<string, unknown>>({
        cwd: this.dir,
        configName: FILE.replace(/\.json$/, ''),
        projectName: 'licensectl',
        configFileMode: 0o600,
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
      });
      conf.store = data as unknown as Record<string, unknown>;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw storeError(this.file, `cannot be written (${code ?? (err as Error).message})`, err);
    }
  }

  /**
   * A folder or store file every user may write: anyone on the machine could swap the profiles
   * (and so where tokens go) or plant a store. Refused, not fixed behind the user's back: they
   * should know it was open, and decide.
   */
  private refuseSharedModes(): void {
    if (process.platform === 'win32') return;
    for (const [target, what, fix] of [[this.dir, 'profile store folder', 700], [this.file, 'profile store', 600]] as const) {
      let mode: number;
      try {
        mode = fs.statSync(target).mode;
      } catch {
        continue;
      }
      if (mode & 0o002) {
        throw new CliError(
          `the ${what} ${target} can be written by every user (mode ${(mode & 0o777).toString(8)}): anyone could replace your profiles; run \`chmod ${fix} ${target}\``,
          { code: 'config', exitCode: ExitCode.failure },
        );
      }
    }
  }

  private ensureDir(): void {
    try {
      if (!fs.existsSync(this.dir)) fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw storeError(this.file, `cannot be created (${code ?? (err as Error).message})`, err);
    }
  }
}

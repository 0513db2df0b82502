// V8 code cache for the bundled CLI (dist/cli.cjs), kept in the user's own cache folder.
//
// Node's compile cache (module.enableCompileCache) stores a module's code as V8 compiled it before
// running it: the top level only. Every function a command then calls is compiled again at each
// start. A cache made with script.createCachedData() AFTER a run holds those functions too:
// `license-type get` 80 -> 62 ms, a 1,000-group bulk run 141 -> 98 ms (bench/README.md).
//
// So a run "trains" the cache when it is the first run of its command (or the cache is missing or
// V8 refused it): once the command has printed everything, the cache is written again with what
// this run compiled added. Other runs only read it. V8 checks a cache against its version, its
// flags and the source's length, and compiles from scratch when anything differs; the source's
// content is the build's hash of it (dist/cli.cjs.sha256) in the cache file's name. Without that
// file there is no cache.
//
// The folder must be the user's own and not writable by others (V8 does not verify the code in a
// cache): otherwise nothing is read or written. LICENSECTL_CACHE_DIR moves it;
// NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it off.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { Script } = require('node:vm');

const MAGIC = 'licensectl-code-cache 1\n';
/** Commands a cache is trained on at most: each adds its functions, and every start reads them all. */
const MAX_TRAINED = 16;
/** A cache file of another build untouched this long is removed when a new one is written. */
const STALE_MS = 30 * 24 * 3600 * 1000;

/** The default folder for this platform, or undefined when there is no home to put it in. */
function defaultDir(env) {
  if (process.platform === 'win32') return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, 'licensectl', 'Cache') : undefined;
  const home = env.HOME || require('node:os').homedir();
  if (!home) return undefined;
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'licensectl');
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'licensectl');
}

/** 'ok', 'missing', or why the folder cannot be trusted. */
function checkDir(dir) {
  let st;
  try {
    st = fs.lstatSync(dir);
  } catch (err) {
    return err.code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  if (!st.isDirectory()) return 'not a folder';
  if (process.platform !== 'win32') {
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return 'owned by another user';
    if ((st.mode & 0o022) !== 0) return 'writable by others';
  }
  return 'ok';
}

/** The cache file's header (the commands it was trained on) and V8's data after it. */
function parse(bytes) {
  if (bytes.length < MAGIC.length || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const end = bytes.indexOf(10, MAGIC.length);
  if (end < 0) return undefined;
  let commands;
  try {
    commands = JSON.parse(bytes.toString('utf8', MAGIC.length, end));
  } catch {
    return undefined;
  }
  if (!Array.isArray(commands) || !commands.every((c) => typeof c === 'string')) return undefined;
  return { commands, data: bytes.subarray(end + 1) };
}

/** Where the cache of `file` lives, or why there is none (`off`). */
function locate(file, env) {
  if (env.NODE_DISABLE_COMPILE_CACHE) return { off: 'off' };
  const dir = env.LICENSECTL_CACHE_DIR || defaultDir(env);
  if (!dir) return { off: 'off' };
  const dirState = checkDir(dir);
  if (dirState !== 'ok' && dirState !== 'missing') return { off: `off: ${dir} is ${dirState}` };
  // The build's hash of the bundle (scripts/build.mjs) names the cache: V8 itself compares only the
  // source's length, and would run what it cached for another text of the same length.
  let key;
  try {
    const hash = fs.readFileSync(`${file}.sha256`, 'latin1').trim();
    if (!/^[0-9a-f]{64}$/.test(hash)) return { off: 'off' };
    const st = fs.statSync(file);
    key = `cli-${hash.slice(0, 20)}-${st.size}-${Math.trunc(st.mtimeMs)}-${process.versions.v8}-${process.arch}.v8cache`;
  } catch {
    return { off: 'off' };
  }
  const cacheFile = path.join(dir, key);
  let found;
  if (dirState === 'ok') {
    try {
      found = parse(fs.readFileSync(cacheFile));
    } catch {
      found = undefined;
    }
  }
  return { dir, key, cacheFile, found };
}

/**
 * The cache of `file` (the bundle; the build's hash of it names the cache file). compile() makes
 * the bundle's script with it; save() writes it again when the run should train it. `command`
 * names the run for training ("license-type get"). Never throws: without a usable folder it is a
 * cache that does nothing.
 */
function openCodeCache(file, command, env = process.env) {
  const where = locate(file, env);
  const found = where.found;
  const trained = found?.commands ?? [];
  let script;
  let rejected = false; // V8 refused what was read (another V8, other flags)
  let taken; // the cache as it was just before V8's flags changed (src/api/tuning.ts)
  /** Whether this run should write the cache again. */
  const wants = () => where.off === undefined && (!found || rejected || (!trained.includes(command) && trained.length < MAX_TRAINED));

  return {
    /** The script of `source` (CommonJS, in the wrapper Node gives a file), with the cache if any. */
    compile(source, filename) {
      script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename, cachedData: found?.data });
      rejected = found !== undefined && script.cachedDataRejected === true;
      return script;
    },
    /** off (and why), none, used or rejected: for LICENSECTL_CHECK_CODE_CACHE and the tests. */
    get state() {
      return where.off ?? (!found ? 'none' : rejected ? 'rejected' : 'used');
    },
    /** Takes the cache now, before the flags change (a cache made under other flags is refused). */
    beforeFlagsChange() {
      if (!wants()) return;
      try {
        taken = script.createCachedData();
      } catch {
        taken = undefined;
      }
    },
    /** Writes the trained cache when this run should; `flagsChanged`: V8's flags differ from the start's. */
    save(flagsChanged) {
      if (!wants()) return;
      try {
        const data = flagsChanged ? taken : script.createCachedData();
        if (!data || data.length === 0) return;
        const commands = rejected || !found ? [command] : [...trained, command];
        fs.mkdirSync(where.dir, { recursive: true, mode: 0o700 });
        if (checkDir(where.dir) !== 'ok') return;
        const tmp = `${where.cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, Buffer.concat([Buffer.from(MAGIC + JSON.stringify([...new Set(commands)]) + '\n'), data]), { mode: 0o600 });
        fs.renameSync(tmp, where.cacheFile);
        removeStale(where.dir, where.key);
      } catch {
        // A cache that cannot be written only means the next start compiles as this one did.
      }
    },
  };
}

/** Cache files of other builds (an older licensectl, another Node) not used for STALE_MS. */
function removeStale(dir, keep) {
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    if (name === keep || !/^cli-.*\.v8cache(\.\d+\.tmp)?$/.test(name)) continue;
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/** The command a run is trained as: its first words (`license-type get`), not its values. */
function commandOf(args) {
  return args.filter((a) => /^[a-z][a-z-]*$/.test(a)).slice(0, 2).join(' ');
}

module.exports = { openCodeCache, commandOf, MAGIC, MAX_TRAINED };

// esbuild plugins that keep the bundle from loading what a command does not use. Every one of them
// changes when code is loaded, never what it does; each is measured in bench/ (see bench/README.md).
import fs from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const inPackage = (file, name) => file.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`);

/**
 * What dist/cli.cjs (scripts/build.mjs) and the single executable's bundle (scripts/package.mjs)
 * are built with; each adds its entry and output.
 */
export function cliBundleOptions(version) {
  return {
    bundle: true,
    // One file, not a chunk per lazy import: each ESM module costs its own resolution, fetch and
    // link, and `license-type get` loaded 22 of them; as one file it starts 15-17% faster, and even
    // `group codes`, which loaded the least, is no slower (bench/README.md).
    splitting: false,
    // CommonJS: bin/licensectl.js compiles the bundle with vm.Script and a code cache of its own
    // (bin/code-cache.cjs), which an ES module cannot take.
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    legalComments: 'none',
    // 1.8 MB -> 0.97 MB: less to read and decode at every start, and less for V8 to parse of what
    // the code cache does not hold: `license-type get` 64.6 -> 57.6 ms (bench/README.md).
    // keepNames: functions and classes keep their .name (commander and error messages read some).
    minify: true,
    keepNames: true,
    logLevel: 'warning',
    define: {
      __LICENSECTL_VERSION__: JSON.stringify(version),
      // What undici's own build for Node core defines: no experimental Milo parser (its
      // UNDICI_USE_MILO switch), so the HTTP/1 client does not load that parser's module.
      esbuildDetection: 'true',
    },
    // Order matters: the first plugin that claims an import wins.
    plugins: [undiciClient, lazyBuiltins, lazyTable, builtinsAsRequire],
  };
}

/** `undici` → scripts/undici-client.mjs: the HTTP/1 client side only (see that file). */
export const undiciClient = {
  name: 'undici-client',
  setup(b) {
    const entry = fileURLToPath(new URL('./undici-client.mjs', import.meta.url));
    b.onResolve({ filter: /^undici$/ }, () => ({ path: entry }));
  },
};

/**
 * Built-ins a dependency requires at load time but uses only on a path we never take (or only
 * later), replaced by a stand-in that requires the real module on first use. `eager` properties are
 * copied at build time, for code that reads them at load: http2's header-name and error-code
 * constants (standard HTTP/2 values, the same in every Node version). `assertion`: the module is
 * called as assert(value), which only needs the real module when the value is falsy.
 *   node:http2 from undici: only for an HTTPS server that negotiates HTTP/2 (it pulls in tls,
 *     crypto, fs/promises and readline: about 6 ms of a 70 ms `license-type get`).
 *   node:assert from undici: only to throw when an internal invariant breaks.
 *   node:child_process from commander: only for executable subcommands, which licensectl has none of.
 */
const LAZY_BUILTINS = [
  { id: 'node:http2', from: 'undici', eager: ['constants'] },
  { id: 'node:assert', from: 'undici', eager: [], assertion: true },
  { id: 'node:child_process', from: 'commander', eager: [] },
];

export const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    for (const lazy of LAZY_BUILTINS) {
      const filter = new RegExp(`^${lazy.id}$`);
      b.onResolve({ filter }, (args) => {
        if (args.namespace !== 'file' || !inPackage(args.importer, lazy.from)) return undefined;
        return { path: lazy.id, namespace: 'lazy-builtin' };
      });
    }
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const lazy = LAZY_BUILTINS.find((l) => l.id === args.path);
      const real = require(lazy.id);
      const eager = Object.fromEntries(lazy.eager.map((k) => [k, real[k]]));
      const target = lazy.assertion
        ? `Object.assign(function assert(...args) { if (args.length === 0 || !args[0]) return load()(...args); }, ${JSON.stringify(eager)})`
        : JSON.stringify(eager);
      return {
        contents: `
          let real;
          const load = () => (real ??= require(${JSON.stringify(lazy.id)}));
          module.exports = new Proxy(${target}, {
            get: (target, key) => (Object.hasOwn(target, key) ? target[key] : load()[key]),
            has: (target, key) => Object.hasOwn(target, key) || key in load(),
          });`,
        loader: 'js',
      };
    });
  },
};

/**
 * cli-table3 (with @colors/colors, string-width, ...) is needed only to draw a table in a
 * terminal; a pipe or --json never does. src/output/output.ts gets a constructor that loads it on
 * first use: `new Table(options)` still returns a real cli-table3 table.
 */
export const lazyTable = {
  name: 'lazy-cli-table3',
  setup(b) {
    b.onResolve({ filter: /^cli-table3$/ }, (args) => {
      if (args.namespace !== 'file' || args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      return { path: 'cli-table3', namespace: 'lazy-table' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-table' }, () => ({
      contents: `module.exports = function Table(options) { const Real = require('cli-table3'); return new Real(options); };`,
      loader: 'js',
      resolveDir: ROOT,
    }));
  },
};

/**
 * `import fs from 'node:fs'` in ESM code (ours, chalk, commander, conf) becomes
 * `const fs = require('node:fs')`: an ESM import of a built-in, like esbuild's CommonJS interop,
 * reads every export once, and many are lazy getters (`fs.promises` loads fs/promises and
 * readline, util's load parseArgs and worker_threads, http's load Node's own undici, http2 and
 * tls). Read where it is used, a lazy export loads only if the code really touches it.
 * Type-only imports are left to esbuild, which drops them.
 */
export const builtinsAsRequire = {
  name: 'builtins-as-require',
  setup(b) {
    const esm = esmPackages();
    b.onLoad({ filter: /\.(ts|mts|js|mjs)$/, namespace: 'file' }, async (args) => {
      const inDeps = args.path.includes(`${path.sep}node_modules${path.sep}`);
      if (inDeps && !esm(args.path)) return undefined;
      const source = await fs.promises.readFile(args.path, 'utf8');
      const contents = requireBuiltins(source);
      if (contents === source) return undefined;
      return { contents, loader: /\.m?ts$/.test(args.path) ? 'ts' : 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

const IMPORT = /^import\s+(?!type\s)([^;'"]*?)\s+from\s*(['"])([^'"]+)\2\s*;?/gm;

/** Rewrites the value imports of built-ins in one ESM source; anything it cannot read stays as it is. */
export function requireBuiltins(source) {
  return source.replace(IMPORT, (whole, clause, _q, specifier) => {
    if (!isBuiltin(specifier)) return whole;
    const req = `require(${JSON.stringify(specifier)})`;
    const m = /^(?:([A-Za-z_$][\w$]*)\s*(?:,\s*)?)?(?:\*\s*as\s+([A-Za-z_$][\w$]*)|\{([^}]*)\})?$/.exec(clause.trim());
    if (!m) return whole;
    const [, def, ns, named] = m;
    const lines = [];
    if (def) lines.push(`const ${def} = ${req};`);
    if (ns) lines.push(`const ${ns} = ${req};`);
    if (named !== undefined) {
      const names = named.split(',').map((s) => s.trim()).filter((s) => s && !s.startsWith('type '));
      if (names.some((n) => !/^[A-Za-z_$][\w$]*(\s+as\s+[A-Za-z_$][\w$]*)?$/.test(n))) return whole;
      if (names.length) lines.push(`const { ${names.map((n) => n.replace(/\s+as\s+/, ': ')).join(', ')} } = ${req};`);
    }
    // Keep the line count, so source maps and error positions still point at the right lines.
    return lines.join(' ') + '\n'.repeat((whole.match(/\n/g) ?? []).length);
  });
}

/** Whether a file in node_modules is ESM: .mjs, or .js in a package whose package.json says "type": "module". */
function esmPackages() {
  const cache = new Map();
  const typeOf = (dir) => {
    if (cache.has(dir)) return cache.get(dir);
    let type;
    try {
      type = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).type ?? 'commonjs';
    } catch {
      const parent = path.dirname(dir);
      type = parent === dir ? 'commonjs' : typeOf(parent);
    }
    cache.set(dir, type);
    return type;
  };
  return (file) => file.endsWith('.mjs') || (file.endsWith('.js') && typeOf(path.dirname(file)) === 'module');
}

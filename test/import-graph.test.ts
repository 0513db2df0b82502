// No import circles in src/: a module never depends, directly or through others, on itself.
// Static and dynamic imports both count (a dynamic import is a circle at run time all the same);
// `import type` does not, since TypeScript erases it. Folders count too: src/api/ must not
// import src/uipath/ while src/uipath/ imports src/api/, even through different files.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The src/ files a file imports at run time: `import x from`, `export ... from`, `import('...')`. */
export function runtimeImports(file: string, text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specs: string[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+['"]([^'"]+)['"]/gm;
  for (const m of code.matchAll(statement)) {
    if (m[2]) continue; // import type / export type
    // import { type A, type B } from: every name is a type, erased too.
    const names = /^\{([^}]*)\}$/.exec(m[3]!.trim());
    if (names && names[1]!.split(',').map((n) => n.trim()).filter(Boolean).every((n) => n.startsWith('type '))) continue;
    specs.push(m[4]!);
  }
  for (const m of code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]!);
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]!);
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => path.resolve(path.dirname(file), s).replace(/\.js$/, '.ts'));
}

/** The first circle found by depth-first search, as a list of nodes that starts and ends with the same one. */
export function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    if (!state.has(node)) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return undefined;
}

const files = sources(SRC);
const fileGraph = new Map(files.map((f) => [f, new Set(runtimeImports(f, fs.readFileSync(f, 'utf8')))]));
const rel = (p: string) => path.relative(SRC, p) || '.';

describe('the import graph of src/', () => {
  it('resolves every relative import to a file', () => {
    const missing = [...fileGraph].flatMap(([f, deps]) => [...deps].filter((d) => !fs.existsSync(d)).map((d) => `${rel(f)} -> ${rel(d)}`));
    expect(missing).toEqual([]);
  });

  it('has no circle between files', () => {
    expect(findCycle(fileGraph)?.map(rel).join(' -> ')).toBeUndefined();
  });

  it('has no circle between folders', () => {
    const folderGraph = new Map<string, Set<string>>();
    for (const [f, deps] of fileGraph) {
      const from = path.dirname(f);
      const edges = folderGraph.get(from) ?? new Set<string>();
      // A folder may use its own subfolders (commands/group -> commands/group/shared), and they may
      // use files of the folders above them: only folders side by side can form a circle.
      for (const d of deps) {
        const to = path.dirname(d);
        if (to !== from && !to.startsWith(from + path.sep) && !from.startsWith(to + path.sep)) edges.add(to);
      }
      folderGraph.set(from, edges);
    }
    expect(findCycle(folderGraph)?.map(rel).join(' -> ')).toBeUndefined();
  });

  it('finds a circle when there is one (the check itself works)', () => {
    const g = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]);
    expect(findCycle(g)).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(new Map([['a', new Set(['b'])], ['b', new Set<string>()]]))).toBeUndefined();
    expect(runtimeImports('/x/a.ts', "import type { A } from './t.js';\nimport { type B } from './u.js';\nimport { c } from './c.js';\nconst d = await import('./d.js');"))
      .toEqual(['/x/c.ts', '/x/d.ts']);
  });
});

// `npm run docs`: writes docs/commands.md and docs/licensectl.1 from the built command tree
// (dist/cli.cjs, so `npm run build` first; the npm script does). test/scripts/docs.test.ts fails
// while the committed files are not what this writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { renderMan, renderMarkdown } from './docs-render.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const { buildProgram } = createRequire(import.meta.url)('../dist/cli.cjs');
writeFileSync(new URL('../docs/commands.md', import.meta.url), renderMarkdown(buildProgram()));
writeFileSync(new URL('../docs/licensectl.1', import.meta.url), renderMan(buildProgram(), pkg.version));
console.log('wrote docs/commands.md and docs/licensectl.1');

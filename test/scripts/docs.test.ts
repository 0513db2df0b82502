// docs/commands.md and docs/licensectl.1 are generated from the command tree (scripts/docs-render.mjs);
// this renders them again from the source and fails while the committed files are stale, so the
// reference can never drift from what --help says.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandList, renderMan, renderMarkdown } from '../../scripts/docs-render.mjs';
import { buildProgram } from '../../src/program.js';

const VERSION = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const read = (name: string) => fs.readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');
const STALE = 'is not what the command tree says: run `npm run docs` and commit the result';

describe('generated docs', () => {
  it('docs/commands.md is current', () => {
    expect(read('commands.md') === renderMarkdown(buildProgram()), `docs/commands.md ${STALE}`).toBe(true);
  });

  it('docs/licensectl.1 is current', () => {
    expect(read('licensectl.1') === renderMan(buildProgram(), VERSION), `docs/licensectl.1 ${STALE}`).toBe(true);
  });

  it('the reference holds every command with its own --help text', () => {
    const md = renderMarkdown(buildProgram());
    const list = commandList(buildProgram());
    expect(list.length).toBeGreaterThan(25);
    for (const { path, cmd } of list) {
      expect(md).toContain(`\n## ${['licensectl', ...path].join(' ')}\n`);
      expect(md).toContain(`\n\n\`\`\`text\nUsage: licensectl${path.map((p) => ` ${p}`).join('')}${cmd.aliases().length ? '|' : ' '}`);
    }
    // Examples and required marks come through; global options only once, under the program.
    expect(md).toContain('  $ licensectl group allocate --from-file groups.csv --report out.jsonl');
    expect(md).toMatch(/--sku <sku> +SKU \(required\)/);
    expect(md.match(/--base-url <url> +API base URL, overrides the profile/g)).toHaveLength(1);
  });

  it('the man page has a section per command and escapes roff', () => {
    const man = renderMan(buildProgram(), VERSION);
    expect(man).toMatch(/^\.\\" Generated .*\n\.TH LICENSECTL 1 "" "licensectl \S+" "User Commands"\n\.SH NAME\n/);
    for (const { path } of commandList(buildProgram()).slice(1)) expect(man).toMatch(new RegExp(`\\.SS "licensectl ${path.join(' ').replace(/-/g, '\\\\\\-')}[ |]`));
    // No text line may start with a dot or quote (roff would take it for a request).
    const body = man.split('\n').filter((l) => !/^\.(\\"|(TH|SH|SS|TP|PP|B|nf|fi)\b)/.test(l) && l !== '');
    for (const line of body) expect(line).not.toMatch(/^[.']/);
  });
});

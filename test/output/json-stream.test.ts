// The streamed array of `list --all --json` must be byte for byte what Output.writeJson prints for
// the whole array, however the elements are split into pages.
import fc from 'fast-check';
import { Writable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { JsonArrayWriter } from '../../src/output/json-stream.js';
import { Output } from '../../src/output/output.js';

function sink() {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += chunk.toString(); done(); } });
  return { stream, text: () => text };
}

function whole(value: unknown[]): string {
  const s = sink();
  const out = new Output(
    { stdout: s.stream, stderr: new PassThrough(), stdin: new PassThrough(), stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, columns: 80 },
    { json: true, stdoutColor: 0, stderrColor: 0 },
  );
  out.writeJson(value);
  return s.text();
}

function streamed(pages: unknown[][]): string {
  const s = sink();
  const w = new JsonArrayWriter(s.stream);
  for (const p of pages) w.push(p);
  w.end();
  return s.text();
}

describe('JsonArrayWriter', () => {
  it('matches writeJson for any elements split into any pages (C1 controls, DEL and bidi overrides escaped, empty pages skipped)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '\u007f', '\u0085', '\u009b', '\u202e', '\u2067', '"', '\\', '\n', '\u2028', '😀') });
    const element = fc.oneof(
      fc.record({ id: fc.nat(), name: text, sku: fc.option(text), nested: fc.array(fc.dictionary(text, text), { maxLength: 2 }) }),
      text,
      fc.integer(),
      fc.constant(null),
      fc.array(fc.nat(), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(element, { maxLength: 5 }), { maxLength: 5 }), (pages) => {
        expect(streamed(pages)).toBe(whole(pages.flat()));
      }),
      { numRuns: 300 },
    );
  });

  it('an empty list is [] and a single page is the plain array', () => {
    expect(streamed([])).toBe('[]\n');
    expect(streamed([[], []])).toBe('[]\n');
    expect(streamed([[{ id: 1 }]])).toBe('[\n  {\n    "id": 1\n  }\n]\n');
  });
});

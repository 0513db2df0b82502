// `--json` for a list read page by page (`license-type list --all`): one JSON array written as the
// pages arrive, byte for byte what Output.writeJson prints for the whole array, without holding
// the whole list or its text. Each page is stringified once as an array (JSON.stringify's own
// indentation of an array's elements is the one needed) and its brackets are cut off; the pass
// that escapes DEL, the C1 controls and bidi overrides runs over that page's text only.
import type { Writable } from 'node:stream';

// As Output.writeJson: JSON.stringify leaves DEL, the C1 controls (U+0080-U+009F, e.g. CSI) and the
// bidi overrides raw; a terminal may obey them. test/output/json-stream.test.ts keeps the two equal.
// eslint-disable-next-line no-control-regex
const C1 = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const escapeC1 = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

export class JsonArrayWriter {
  private any = false;

  constructor(private readonly stdout: Writable) {}

  /** Appends these elements. An empty page writes nothing. */
  push(items: readonly unknown[]): void {
    if (items.length === 0) return;
    const text = JSON.stringify(items, null, 2);
    // "[\n" ... "\n]" around the elements, each already indented by two spaces.
    const body = text.slice(2, text.length - 2).replace(C1, escapeC1);
    // Two writes, not one of `prefix + body`: joined, the page's text is copied once more.
    this.stdout.write(this.any ? ',\n' : '[\n');
    this.stdout.write(body);
    this.any = true;
  }

  /** Closes the array. Not called after an error: a cut-off array cannot pass for a whole one. */
  end(): void {
    this.stdout.write(this.any ? '\n]\n' : '[]\n');
  }
}

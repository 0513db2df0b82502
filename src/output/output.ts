import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Writable } from 'node:stream';
import { fitColumns, textWidth } from './fit.js';
import { cell, safeText, terminalText, tsvField } from './format.js';
import type { ColorLevel } from './color.js';

export interface Streams {
  stdout: Writable;
  stderr: Writable;
  stdin: NodeJS.ReadableStream;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  columns: number | undefined;
}

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

export type Mode = 'json' | 'table' | 'tsv';

/**
 * Where results go. stdout carries results only: a table in a terminal, tab-separated rows with
 * no header in a pipe, one JSON document with --json. Everything else goes to stderr.
 */
export class Output {
  readonly mode: Mode;
  readonly color: ChalkInstance;
  /** Colour for stderr messages, decided on stderr's own terminal-ness. */
  readonly errColor: ChalkInstance;

  constructor(
    readonly io: Streams,
    opts: { json: boolean; stdoutColor: ColorLevel; stderrColor: ColorLevel },
  ) {
    this.mode = opts.json ? 'json' : io.stdoutIsTTY ? 'table' : 'tsv';
    this.color = new Chalk({ level: opts.json ? 0 : opts.stdoutColor });
    this.errColor = new Chalk({ level: opts.stderrColor });
  }

  get json(): boolean {
    return this.mode === 'json';
  }

  /** Progress bars and spinners: only for a person watching stderr, never with --json. */
  get interactive(): boolean {
    return this.io.stderrIsTTY && !this.json;
  }

  writeJson(value: unknown): void {
    // JSON.stringify leaves DEL and the C1 controls (U+0080-U+009F, e.g. CSI) raw; a terminal may obey them.
    // Bidi overrides too: JSON piped to a terminal would show reordered text ("Trojan Source").
    // eslint-disable-next-line no-control-regex
    const text = (JSON.stringify(value, null, 2) ?? 'null').replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    this.io.stdout.write(text + '\n');
  }

  /** Records as a table (terminal) or TSV (pipe). With --json the caller prints its own shape. */
  records<T>(columns: Column<T>[], rows: readonly T[], opts: { footer?: string; empty?: string } = {}): void {
    if (this.mode === 'tsv') {
      let text = '';
      for (const row of rows) text += columns.map((c) => tsvField(c.value(row))).join('\t') + '\n';
      this.io.stdout.write(text);
      return;
    }
    if (rows.length === 0) {
      this.note(opts.empty ?? 'Nothing to show.');
    } else {
      const cells = rows.map((row) => columns.map((c) => safeText(cell(c.value(row)))));
      // Fit the terminal: the widest columns wrap (an over-long word ends in "…"); 2 is the padding.
      const widths = fitColumns(
        columns.map((c, i) => 2 + Math.max(c.header.length, ...cells.map((r) => textWidth(r[i]!)))),
        this.io.columns,
        columns.map((_, i) => cells.some((r) => r[i]!.includes(' '))),
      );
      const table = new Table({
        head: columns.map((c) => this.color.bold(c.header)),
        style: { head: [], border: [] },
        // No rule between rows: long lists stay readable and half as tall.
        chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
        wordWrap: true,
        ...(widths && { colWidths: widths }),
      });
      for (const row of cells) table.push(row);
      this.io.stdout.write(table.toString() + '\n');
    }
    if (opts.footer) this.note(opts.footer);
  }

  /** One object as "field: value" lines (terminal) or a single TSV row (pipe). */
  object(fields: [string, unknown][]): void {
    if (this.mode === 'tsv') {
      this.io.stdout.write(fields.map(([, v]) => tsvField(v)).join('\t') + '\n');
      return;
    }
    const width = Math.max(...fields.map(([k]) => k.length));
    let text = '';
    for (const [k, v] of fields) text += `${this.color.bold(k.padEnd(width))}  ${safeText(cell(v))}\n`;
    this.io.stdout.write(text);
  }

  /** A plain line of result text on stdout (terminal or pipe); server text in it is made safe here. */
  line(text: string): void {
    this.io.stdout.write(terminalText(text, this.color.level > 0) + '\n');
  }

  /**
   * Messages for the person: stderr, never stdout. Every one passes terminalText (format.ts).
   * With --json stderr carries JSON only (so `2>&1 >/dev/null | jq` parses): notes and successes
   * are left out (the document on stdout says what happened), warnings become {"warning": "..."}
   * lines, errors {"error": {...}} (errors.ts).
   */
  note(message: string): void {
    if (this.json) return;
    this.io.stderr.write(this.human(message) + '\n');
  }

  success(message: string): void {
    if (this.json) return;
    this.io.stderr.write(`${this.errColor.green('✓')} ${this.human(message)}\n`);
  }

  warn(message: string): void {
    if (this.json) {
      this.io.stderr.write(jsonLine({ warning: message }));
      return;
    }
    this.io.stderr.write(`${this.errColor.yellow('!')} ${this.human(message)}\n`);
  }

  private human(message: string): string {
    return terminalText(message, this.errColor.level > 0);
  }
}

/** One compact JSON line for stderr under --json, with the characters writeJson escapes escaped too. */
export function jsonLine(value: unknown): string {
  // eslint-disable-next-line no-control-regex
  return JSON.stringify(value).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

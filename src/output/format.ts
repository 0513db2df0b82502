// Turning values into cells. A field the API types loosely (Fusion's `name` is "object" in the
// vendor page) is rendered as JSON rather than "[object Object]" or a crash.
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    // Too deep to stringify (or cyclic): String() would throw the same way.
    return Array.isArray(value) ? '[…]' : '{…}';
  }
}

/**
 * A TSV field: tabs, newlines and backslashes escaped so one record stays one line, and every other
 * control character as \xHH, so a hostile value cannot drive the terminal of `licensectl ... | cat`.
 */
export function tsvField(value: unknown): string {
  const text = cell(value);
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    // Bidi overrides reorder what `| cat` shows on a terminal as much as in a table.
    .replace(BIDI, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Bidi embeddings, overrides and isolates ("Trojan Source"). */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
/** Anything tsvField changes; most fields hold none of it and are returned as they are. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\\\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * Strip control characters a hostile server could use to rewrite the terminal, and the bidi
 * embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) that would make a name or a
 * message read otherwise than it is ("Trojan Source"). Marks of direction (U+200E, U+200F, U+061C)
 * stay: they belong to right-to-left text and reorder nothing around it.
 */
export function safeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** Text quoted from a file or a server, made fit for one line of a message: one line, no control characters. */
export function messageText(text: string): string {
  return safeText(text.replace(/\s*\r?\n\s*/g, ' ').trim());
}

/** The escape sequences of licensectl's own colours (chalk's SGR codes): all that human output keeps. */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /(\u001b\[(?:0|1|2|22|31|32|33|36|39|90)m)/;

/**
 * Text for a terminal line that may quote a server or a file: every control character and bidi
 * override removed (safeText), tabs and line breaks kept. With `keepColor`, licensectl's own colour
 * codes survive; without colour there is no escape sequence at all. Output applies it to every
 * human line (line, note, success, warn): the one place server text is made safe to show.
 */
export function terminalText(text: string, keepColor: boolean): string {
  if (!keepColor) return safeText(text);
  return text.split(OWN_SGR).map((part, i) => (i % 2 === 1 ? part : safeText(part))).join('');
}

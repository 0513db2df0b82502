// Turning values into cells. A field the API types loosely (Fusion's `name` is "object" in the
// vendor page) is rendered as JSON rather than "[object Object]" or a crash.
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/** A TSV field: tabs, newlines and backslashes escaped so one record stays one line. */
export function tsvField(value: unknown): string {
  return cell(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

/** Strip control characters a hostile server could use to rewrite the terminal. */
export function safeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

// A group named on the command line (an ID or a name) is checked before anything is sent: a
// control character (NUL, ESC, a C1 code, a bidi override) or bytes that are not UTF-8 (which
// Node turns into U+FFFD) are a paste gone wrong or an attack on whoever reads the logs, and a
// megabyte of text is no ID. Each is a usage error, and the message never echoes the raw value.

/** Longer than any GUID (38 with braces) and than Identity's group names. */
export const MAX_REF_LENGTH = 200;

/**
 * What no group reference may hold, as a regex character class: C0 and C1 controls, DEL, the
 * direction marks and bidi overrides. A file's rows are checked against it too (uipath/bulk/ids.ts).
 */
export const UNSAFE_REF_CHARS = '\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';

// A byte order mark too: on the command line it can only be a paste gone wrong.
const CONTROL = new RegExp(`[${UNSAFE_REF_CHARS}\\ufeff]`, 'u');

/** Why `value` cannot name a group, or undefined. `what` names the argument, e.g. "<group>". */
export function refProblem(value: string, what: string): string | undefined {
  if (value.length > MAX_REF_LENGTH) return `${what} is ${value.length} characters long; a group ID or name has at most ${MAX_REF_LENGTH}`;
  if (value.includes('\ufffd') || /\p{Cs}/u.test(value)) return `${what} is not valid UTF-8 text; give the group's ID or name`;
  const bad = CONTROL.exec(value);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `${what} contains a control character (U+${code}) at position ${bad.index + 1}; give the group's ID or name`;
  }
  return undefined;
}

// What a group reference from a file may hold before it is sent. Ids are opaque to licensectl
// (a test tenant may use any string), but some text can never be a group id and would only reach
// the server, a log or a terminal as mischief: control characters (NUL, ESC, C1), bidi overrides,
// text that was not valid UTF-8 (decoded as U+FFFD), and absurd lengths.

/** Longer than any id or group name a tenant uses (a GUID is 36, Identity names are far shorter). */
export const MAX_REF_LENGTH = 200;

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Why `value` (a groupId or groupName) cannot be sent, or undefined. `what` names it in the message. */
export function refProblem(what: string, value: string): string | undefined {
  if (value.length > MAX_REF_LENGTH) return `${what} is ${value.length} characters long (at most ${MAX_REF_LENGTH})`;
  const ctl = CONTROL.exec(value);
  if (ctl) return `${what} contains the control character U+${ctl[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (value.includes('\uFFFD')) return `${what} is not valid UTF-8 text`;
  return undefined;
}

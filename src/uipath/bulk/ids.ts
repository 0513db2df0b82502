// What a group reference from a file may hold before it is sent. Ids are opaque to licensectl
// (a test tenant may use any string), but some text can never be a group id and would only reach
// the server, a log or a terminal as mischief: control characters (NUL, ESC, C1), bidi overrides,
// text that was not valid UTF-8 (decoded as U+FFFD), and absurd lengths.

import { MAX_REF_LENGTH, UNSAFE_REF_CHARS } from '../../input/ref.js';

// The same characters and length a group named on the command line may not have (input/ref.ts).
const CONTROL = new RegExp(`[${UNSAFE_REF_CHARS}]`);

/** Why `value` (a groupId or groupName) cannot be sent, or undefined. `what` names it in the message. */
export function refProblem(what: string, value: string): string | undefined {
  if (value.length > MAX_REF_LENGTH) return `${what} is ${value.length} characters long (at most ${MAX_REF_LENGTH})`;
  const ctl = CONTROL.exec(value);
  if (ctl) return `${what} contains the control character U+${ctl[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (value.includes('\uFFFD')) return `${what} is not valid UTF-8 text`;
  return undefined;
}

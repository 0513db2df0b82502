// Injected faults: what a flaky network and an overloaded gateway do to a client. Decided per API
// request before it is processed, so a faulted request changes nothing, except `drop-after`,
// which applies the request and then hangs up (the client cannot know whether it happened).

import type { Reply } from './http.js';

export type FaultKind = '429' | '502' | '503' | '504' | 'drop-before' | 'drop-after';

/** The default mix, in the order `random` indexes it (see pickFault). */
export const FAULT_KINDS: readonly FaultKind[] = ['429', '502', '503', '504', 'drop-before', 'drop-after'];

/**
 * Two draws: the first (< rate) decides whether to fault, the second picks the kind as
 * kinds[floor(r * kinds.length)]. So with rate 1 and random () => 0 every request gets 429,
 * with () => 0.99 every request gets the last kind (`drop-after`).
 */
export function pickFault(rate: number, random: () => number, kinds: readonly FaultKind[] = FAULT_KINDS): FaultKind | undefined {
  if (!(rate > 0) || kinds.length === 0 || random() >= rate) return undefined;
  return kinds[Math.min(kinds.length - 1, Math.floor(random() * kinds.length))];
}

// What nginx in front of an API sends: HTML, not JSON, so a client's error path meets it.
const gatewayPage = (status: number, title: string): Reply => ({
  status,
  headers: { 'Content-Type': 'text/html; charset=utf-8' },
  text: `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
});

/** The answer of an injected HTTP fault (the drops have none). */
export function faultReply(kind: '429' | '502' | '503' | '504', retryAfterSeconds: number): Reply {
  switch (kind) {
    case '429':
      return {
        status: 429,
        headers: { 'Retry-After': String(retryAfterSeconds) },
        body: { error: 'too_many_requests', message: `rate limit exceeded; retry after ${retryAfterSeconds} s (injected by the sandbox)` },
      };
    case '502':
      return gatewayPage(502, 'Bad Gateway');
    case '503':
      return { status: 503, body: { error: 'service_unavailable', message: 'the service is temporarily unavailable (injected by the sandbox)' } };
    case '504':
      return gatewayPage(504, 'Gateway Time-out');
  }
}

// V8 settings for a run of many requests, made before the first one. A licensectl process lives
// for a fraction of a second to a few seconds; V8's optimizing compilers are tuned for programs
// that run much longer, and their background compiles take CPU from the run itself on a small
// machine (a CI runner with two cores is typical). Both settings are process-wide and change no
// behaviour, only which compiler runs. V8 keys its code caches on the flags: a cache made after this
// point would be refused by every run that does not tune, so the launcher's code cache
// (bin/code-cache.cjs) is taken just before (beforeTuning). Measured on two cores against the
// sandbox on the same machine (interleaved runs, medians); see bench/README.md.

/** Runs shorter than this do not reach the recompiles below (and loading node:v8 costs ~1.3 ms). */
const MANY = 100;
/** Up to this many requests, TurboFan waits for hotter functions (measured crossover: 5,000-10,000). */
const SHORT_RUN = 5_000;

let tuned = false;
let beforeTuning: (() => void) | undefined;

/** Called once, just before the first flag changes (the launcher's code cache is taken there). */
export function onBeforeTuning(hook: (() => void) | undefined): void {
  beforeTuning = hook;
}

/** Whether this process changed V8's flags: a code cache made now would not fit another run. */
export function v8FlagsChanged(): boolean {
  return tuned;
}

/**
 * `requests`: how many requests the run will send (Infinity when many, but not known up front).
 *
 * - From MANY requests: undici's HTTP/1 parser (llhttp, compiled to WebAssembly) stays on V8's
 *   baseline compiler. After a few hundred answers V8 recompiles llhttp's one large state-machine
 *   function (33 KB of wasm) with TurboFan: 47-78 ms of CPU per run. `group allocate` of 1,000
 *   groups: 183 -> 171 ms; `license-type list --all` of 10,000 types: 111 -> 86 ms; 10,000 groups
 *   in one run: 665 -> 678 ms, where the optimized parser starts to pay back.
 * - From MANY up to SHORT_RUN requests: TurboFan compiles a JavaScript function after 10,000 calls
 *   instead of 3,000. A run of 1,000 PUTs otherwise optimizes some 70 of undici's functions, about
 *   80 ms of CPU. `group allocate` of 1,000 groups: 176 -> 160 ms, 2,000: 262 -> 234, 3,000:
 *   342 -> 336, 5,000: 507 -> 495; but 10,000: 717 -> 772, hence the limit.
 */
export function tuneForManyRequests(requests: number): void {
  if (tuned || !(requests >= MANY)) return;
  beforeTuning?.();
  tuned = true;
  const v8 = process.getBuiltinModule('node:v8');
  v8.setFlagsFromString('--liftoff-only');
  if (requests <= SHORT_RUN) v8.setFlagsFromString('--invocation-count-for-turbofan=10000');
}

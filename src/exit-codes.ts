// The exit-code contract (README.md, "Exit codes"; `licensectl --help`). Scripts depend on these numbers: never renumber.
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  auth: 4,
  rejected: 5,
  partial: 6,
  interrupted: 130,
  /** SIGHUP (the terminal went away) and SIGTERM: 128 + the signal's number, as a shell reports it. */
  hangup: 129,
  terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code an HTTP error status maps to. */
export function exitCodeForStatus(status: number): ExitCodeValue {
  if (status === 404) return ExitCode.notFound;
  if (status === 401 || status === 403) return ExitCode.auth;
  if (status === 400 || status === 409 || status === 413 || status === 422) return ExitCode.rejected;
  return ExitCode.failure;
}

// What a CLI command may touch: two line sinks and a stop signal, so the
// commands run the same in the terminal, in tests and in-process.
export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** Aborted on SIGINT/SIGTERM. */
  signal?: AbortSignal;
}

/** Bad usage or bad config: the CLI prints the message on one line and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_PROBLEM_FOUND = 1;
export const EXIT_USAGE = 2;

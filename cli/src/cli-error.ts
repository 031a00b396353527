/** Exit code for a failed command (the request failed, the file is invalid...). */
export const EXIT_FAILURE = 1;
/** Exit code for a command line that is wrong (unknown command, missing argument). */
export const EXIT_USAGE = 2;

/** A failure to report as one plain line and a non-zero exit. */
export class CliError extends Error {
  readonly exitCode: number;
  /** Extra lines printed after the message (e.g. one per invalid field). */
  readonly details: string[];

  constructor(message: string, options: { exitCode?: number; details?: string[] } = {}) {
    super(message);
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? EXIT_FAILURE;
    this.details = options.details ?? [];
  }
}

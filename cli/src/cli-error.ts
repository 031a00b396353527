/** Exit code for a failed command (the request failed, the file is invalid...). */
export const EXIT_FAILURE = 1;
/** Exit code for a command line that is wrong (unknown command, missing argument). */
export const EXIT_USAGE = 2;

/** A failure to report as one plain line and a non-zero exit. */
export class CliError extends Error {
  readonly exitCode: number;
  /** Extra lines printed after the message (e.g. one per invalid field). */
  readonly details: string[];
  /** The hub's problem, when the failure is the hub's answer. */
  readonly problem: HubProblem | undefined;

  constructor(message: string, options: { exitCode?: number; details?: string[]; problem?: HubProblem | undefined } = {}) {
    super(message);
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? EXIT_FAILURE;
    this.details = options.details ?? [];
    this.problem = options.problem;
  }
}

/** What a CLI message needs of a hub's problem+json answer. */
export interface HubProblem {
  status: number;
  code?: string | undefined;
  detail?: string | undefined;
}

/** How a message names the hub's answer: ` [422 validation-failed]`. */
export function problemTag(problem: Pick<HubProblem, 'status' | 'code'>): string {
  return ` [${problem.status}${problem.code === undefined ? '' : ` ${problem.code}`}]`;
}

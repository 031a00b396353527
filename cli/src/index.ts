/** @omnihub/cli: the `omnihub` command, usable as a library for tests and embedding. */
export { buildProgram, runCli } from './program.ts';
export { CliError, EXIT_FAILURE, EXIT_USAGE } from './cli-error.ts';
export type { Output } from './output.ts';

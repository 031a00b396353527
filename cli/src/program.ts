import { Command, CommanderError } from 'commander';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from './cli-error.ts';
import { commandContext, type GlobalOptions } from './context.ts';
import { processOutput, type Output } from './output.ts';
import { registerConnectors } from './commands/connectors.ts';
import { registerInstances } from './commands/instances.ts';
import { registerConfig } from './commands/config.ts';
import { registerMappings } from './commands/mappings.ts';
import { registerStock } from './commands/stock.ts';
import { registerOrders } from './commands/orders.ts';
import { registerReturns } from './commands/returns.ts';
import { registerDlq } from './commands/dlq.ts';
import { registerKeys } from './commands/keys.ts';
import { registerSubscribers } from './commands/subscribers.ts';
import { registerSchemas } from './commands/schemas.ts';
import { registerStatus } from './commands/status.ts';
import { registerTrace } from './commands/trace.ts';

/** Builds the `omnihub` command tree writing to `output`. */
export function buildProgram(output: Output, env: NodeJS.ProcessEnv = process.env): Command {
  const program = new Command('omnihub')
    .description('omnihub: the integration hub for omnichannel retail')
    .option('--url <url>', 'hub URL (default: $OMNIHUB_URL or http://127.0.0.1:8080)')
    .option('--api-key <key>', 'API key (default: $OMNIHUB_API_KEY)')
    .option('--json', 'print JSON for scripts instead of tables')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => output.out(text.trimEnd()), writeErr: (text) => output.err(text.trimEnd()) });
  const context = () => commandContext(program.opts<GlobalOptions>(), output, env);
  registerStatus(program, context);
  registerSchemas(program, context);
  registerDlq(program, context);
  registerTrace(program, context);
  registerConnectors(program, context);
  registerInstances(program, context);
  registerConfig(program, context);
  registerMappings(program, context);
  registerStock(program, context);
  registerOrders(program, context);
  registerReturns(program, context);
  registerKeys(program, context);
  registerSubscribers(program, context);
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) {
      sub.exitOverride();
      for (const leaf of sub.commands) leaf.exitOverride();
    }
  }
  return program;
}

/** Runs the CLI with `argv` (user arguments only) and returns the exit code. */
export async function runCli(argv: string[], output: Output = processOutput, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const program = buildProgram(output, env);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error: unknown) {
    if (error instanceof CommanderError) {
      // help and version exit through here with code 0
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof CliError) {
      output.err(`error: ${error.message}`);
      for (const line of error.details) output.err(`  ${line}`);
      return error.exitCode;
    }
    output.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILURE;
  }
}

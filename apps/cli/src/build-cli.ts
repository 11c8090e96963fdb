import yargs, { type Argv } from 'yargs';
import { nanFlagProblems } from './check-numbers';
import { isMedimgError } from '@medimg/core';
import { commands } from './commands';
import { registerCliModelSchemes } from './commands/predict-model';
import { configMiddleware } from './config/apply-config';
import { cliSchema, globalOptions } from './config/cli-schema';
import { exitCodeFor } from './run-handler';

/**
 * Parses and runs one `medimg` command line. Errors outside a command handler (a bad --config file) are printed
 * like handler errors and set the exit code; unexpected ones keep their stack.
 */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli(argv).parseAsync();
  } catch (error) {
    process.stderr.write(`error: ${isMedimgError(error) ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = exitCodeFor(error);
  }
}

/** Builds the `medimg` yargs program from one command module per command. */
export function buildCli(argv: string[]): Argv {
  let cli = yargs(argv).scriptName('medimg').strict().demandCommand(1, 'Choose a command (see --help).').recommendCommands();
  for (const command of commands) cli = cli.command(command);
  // Model schemes (`zoo:pneumonia`) resolve wherever a command takes --model, through @medimg/runtime.
  cli = cli.middleware(async () => {
    await registerCliModelSchemes();
  });
  return globalOptions(cli)
    .middleware(configMiddleware(cliSchema(), argv), true)
    .check((parsed) => {
      const problems = nanFlagProblems(parsed, argv);
      return problems.length > 0 ? problems.join('\n') : true;
    }, true)
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message, error) => {
      if (error instanceof Error) throw error;
      process.stderr.write(`medimg: ${message ?? String(error)}\nRun medimg --help for usage.\n`);
      process.exit(2);
    });
}

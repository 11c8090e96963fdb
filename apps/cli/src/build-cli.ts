import yargs, { type Argv } from 'yargs';
import { nanFlagProblems } from './check-numbers';
import { commands } from './commands';

/** Builds the `medimg` yargs program from one command module per command. */
export function buildCli(argv: string[]): Argv {
  let cli = yargs(argv).scriptName('medimg').strict().demandCommand(1, 'Choose a command (see --help).').recommendCommands();
  for (const command of commands) cli = cli.command(command);
  return cli
    .option('quiet', { type: 'boolean', default: false, describe: 'Print only results and errors' })
    .option('verbose', { type: 'boolean', default: false, describe: 'Print debug logs' })
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

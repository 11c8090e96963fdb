import yargs, { type Argv } from 'yargs';
import { commands } from './commands';
import { registerCliModelSchemes } from './commands/predict-model';

/** Builds the `medimg` yargs program from one command module per command. */
export function buildCli(argv: string[]): Argv {
  let cli = yargs(argv).scriptName('medimg').strict().demandCommand(1, 'Choose a command (see --help).').recommendCommands();
  for (const command of commands) cli = cli.command(command);
  // Model schemes (`zoo:pneumonia`) resolve wherever a command takes --model, through @medimg/runtime.
  cli = cli.middleware(async () => {
    await registerCliModelSchemes();
  });
  return cli
    .option('quiet', { type: 'boolean', default: false, describe: 'Print only results and errors' })
    .option('verbose', { type: 'boolean', default: false, describe: 'Print debug logs' })
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`medimg: ${message}\nRun medimg --help for usage.\n`);
      process.exit(2);
    });
}

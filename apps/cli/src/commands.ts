import type { CommandModule } from 'yargs';
import { backendCommand } from './commands/backend';
import { dataCommand, dataSubcommands } from './commands/data';
import { configCommand, configSubcommands } from './commands/config';
import { pipelineCommand } from './commands/pipeline';
import { trainCommand } from './commands/train';
import { evaluateCommand } from './commands/evaluate';
import { calibrateCommand } from './commands/calibrate';
import { predictCommand } from './commands/predict';
import { tuneCommand } from './commands/tune';
import { freezeCommand } from './commands/freeze';
import { exportOnnxCommand } from './commands/export-onnx';
import { ensembleCommand } from './commands/ensemble';
import { quantizeCommand } from './commands/quantize';
import { explainCommand } from './commands/explain';
import { serveCommand } from './commands/serve';
import { workerCommand } from './commands/worker';

/** Every `medimg` command, one module each under ./commands. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs command modules differ in their argument types
export const commands: CommandModule<any, any>[] = [backendCommand, dataCommand, pipelineCommand, trainCommand, evaluateCommand, calibrateCommand, predictCommand, explainCommand, freezeCommand, exportOnnxCommand, ensembleCommand, quantizeCommand, tuneCommand, workerCommand, serveCommand, configCommand];

/** Commands nested under a command (`medimg data synth`), for the configuration schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export const subcommands: Record<string, CommandModule<any, any>[]> = { data: dataSubcommands, config: configSubcommands };

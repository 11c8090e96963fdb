import type { CommandModule } from 'yargs';
import { selectBackend } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';
import { backendOption, jsonOption, type BackendArgs, type JsonArgs } from '../common-options';
import { printResult } from '../print-result';

interface EnsembleArgs extends GlobalArgs, BackendArgs, JsonArgs {
  model: string[];
  out: string;
  threshold?: number;
  opset: number;
  verify: boolean;
  threads?: number;
}

/** `medimg ensemble`: several trained models (e.g. seeds) -> one .onnx file averaging their probabilities. */
export const ensembleCommand: CommandModule<GlobalArgs, EnsembleArgs> = {
  command: 'ensemble',
  describe: 'Export an ensemble of trained models (e.g. one per seed) as one ONNX graph: the mean of their probabilities, with a model card listing the members',
  builder: (y) =>
    jsonOption(backendOption(y), 'Print the report as JSON')
      .option('model', { type: 'string', array: true, demandOption: true, describe: 'A member: training run dir, model dir (medimg train), zoo:NAME or .onnx file; repeat, 2 or more' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output .onnx file (written atomically)' })
      .option('threshold', { type: 'number', describe: "Decision threshold of the ensemble [default: the mean of the members' thresholds]" })
      .option('opset', { type: 'number', default: 13, describe: 'ONNX opset of members converted from tfjs (13-21)' })
      .option('verify', { type: 'boolean', default: true, describe: 'Run the file and every member in onnxruntime and compare (--no-verify to skip)' })
      .option('threads', { type: 'number', describe: 'onnxruntime threads for the verification' }),
  handler: runHandler<EnsembleArgs>(async (args, logger) => {
    await selectBackend({ backend: args.backend, logger });
    const { exportEnsemble } = await import('@medimg/export');
    const r = await exportEnsemble({
      models: args.model,
      outFile: args.out,
      opset: args.opset,
      verify: args.verify,
      logger,
      ...(args.threshold !== undefined ? { threshold: args.threshold } : {}),
      ...(args.threads !== undefined ? { threads: args.threads } : {}),
    });
    printResult(args.json, r, () => [
      `onnx: ${r.outFile} (${r.bytes} bytes), ${r.architecture}: output ${r.outputName} = mean of ${r.members.length} members' probabilities`,
      ...r.members.map((m, i) => `member ${i + 1}: ${m.source} (${m.kind} ${m.path}, ${m.architecture})`),
      `threshold: ${r.threshold} (${r.thresholdPolicy}), nodes: ${r.nodes}, params: ${r.params}`,
      r.maxAbsDiff === null ? 'not verified in onnxruntime' : `max |ensemble - mean of members| on ${r.probeImages} probe images: ${r.maxAbsDiff.toExponential(2)}`,
    ]);
  }),
};

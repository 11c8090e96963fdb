import type { CommandModule } from 'yargs';
import { selectBackend } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';
import { modelCommandOptions, type ModelCommandArgs } from '../common-options';
import { opCountsText, printResult } from '../print-result';

interface ExportOnnxArgs extends GlobalArgs, ModelCommandArgs {
  out: string;
  opset: number;
  verify: boolean;
}

/** `medimg export-onnx`: a trained LayersModel directory -> an .onnx file (NHWC input, class names in metadata). */
export const exportOnnxCommand: CommandModule<GlobalArgs, ExportOnnxArgs> = {
  command: 'export-onnx',
  describe: 'Export a trained model to ONNX (opset >= 13, dynamic batch, class names and preprocessing in metadata)',
  builder: (y) =>
    modelCommandOptions(y, { model: 'A trained LayersModel: a training run directory (medimg train --out RUN; uses RUN/best) or its model directory', json: 'Print the report as JSON' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output .onnx file (written atomically)' })
      .option('opset', { type: 'number', default: 13, describe: 'ONNX opset (13-21)' })
      .option('verify', { type: 'boolean', default: true, describe: 'Run the file in onnxruntime and compare with tfjs (--no-verify to skip)' }),
  handler: runHandler<ExportOnnxArgs>(async (args, logger) => {
    await selectBackend({ backend: args.backend, logger });
    const [{ exportOnnx }, { resolveLayersModelDir }] = await Promise.all([import('@medimg/export'), import('../resolve-layers-model')]);
    const modelDir = await resolveLayersModelDir(args.model, 'export-onnx', logger);
    const r = await exportOnnx({ modelDir, outFile: args.out, opset: args.opset, verify: args.verify, logger });
    printResult(args.json, r, () => [
      `onnx: ${r.outFile} (${r.bytes} bytes, opset ${r.opset})`,
      `input: ${r.inputName} [batch, H, W, C] float32 (${r.pixelScale === 'in-graph' ? 'raw pixels 0..255, rescaled in the graph' : 'pixels / 255'}), output: ${r.outputName}`,
      `nodes: ${r.nodes} (${opCountsText(r.opCounts)}), initializers: ${r.initializers}, params: ${r.params}`,
      r.maxAbsDiff === null ? 'not verified in onnxruntime' : `max |tfjs - onnxruntime| on ${r.probeImages} probe images: ${r.maxAbsDiff.toExponential(2)}`,
    ]);
  }),
};

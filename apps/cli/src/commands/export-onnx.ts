import type { CommandModule } from 'yargs';
import { BACKEND_NAMES, selectBackend, type BackendName } from '@medimg/core';
import { runHandler, type GlobalArgs } from '../run-handler';

interface ExportOnnxArgs extends GlobalArgs {
  model: string;
  out: string;
  opset: number;
  verify: boolean;
  backend: BackendName | 'auto';
  json: boolean;
}

/** `medimg export-onnx`: a trained LayersModel directory -> an .onnx file (NHWC input, class names in metadata). */
export const exportOnnxCommand: CommandModule<GlobalArgs, ExportOnnxArgs> = {
  command: 'export-onnx',
  describe: 'Export a trained model to ONNX (opset >= 13, dynamic batch, class names and preprocessing in metadata)',
  builder: (y) =>
    y
      .option('model', { type: 'string', demandOption: true, describe: 'A trained LayersModel: a training run directory (medimg train --out RUN; uses RUN/best) or its model directory' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output .onnx file (written atomically)' })
      .option('opset', { type: 'number', default: 13, describe: 'ONNX opset (13-21)' })
      .option('verify', { type: 'boolean', default: true, describe: 'Run the file in onnxruntime and compare with tfjs (--no-verify to skip)' })
      .option('backend', { choices: ['auto', ...BACKEND_NAMES] as const, default: 'auto' as const })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' }),
  handler: runHandler<ExportOnnxArgs>(async (args, logger) => {
    await selectBackend({ backend: args.backend, logger });
    const [{ exportOnnx }, { resolveLayersModelDir }] = await Promise.all([import('@medimg/export'), import('../resolve-layers-model')]);
    const modelDir = await resolveLayersModelDir(args.model, 'export-onnx', logger);
    const r = await exportOnnx({ modelDir, outFile: args.out, opset: args.opset, verify: args.verify, logger });
    if (args.json) {
      process.stdout.write(JSON.stringify(r) + '\n');
      return;
    }
    const ops = Object.entries(r.opCounts)
      .map(([op, n]) => `${op}=${n}`)
      .join(' ');
    process.stdout.write(
      [
        `onnx: ${r.outFile} (${r.bytes} bytes, opset ${r.opset})`,
        `input: ${r.inputName} [batch, H, W, C] float32 (${r.pixelScale === 'in-graph' ? 'raw pixels 0..255, rescaled in the graph' : 'pixels / 255'}), output: ${r.outputName}`,
        `nodes: ${r.nodes} (${ops}), initializers: ${r.initializers}, params: ${r.params}`,
        r.maxAbsDiff === null ? 'not verified in onnxruntime' : `max |tfjs - onnxruntime| on ${r.probeImages} probe images: ${r.maxAbsDiff.toExponential(2)}`,
      ].join('\n') + '\n',
    );
  }),
};

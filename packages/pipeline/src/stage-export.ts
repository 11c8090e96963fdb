import { join } from 'node:path';
import { exportOnnx, freezeModelDir, type ExportReport, type FreezeReport } from '@medimg/export';
import type { PipelineSettings } from './settings';

/** Freezes the trained LayersModel into an inference-only tfjs GraphModel (BN folded, fused ops). */
export async function freezeStage(s: PipelineSettings, stageDir: string, modelDir: string): Promise<FreezeReport> {
  const report = await freezeModelDir({ modelDir, outDir: join(stageDir, 'graph-model'), logger: s.logger });
  s.logger.info(`[freeze] ${report.nodes} nodes, max |LayersModel - GraphModel| = ${report.maxAbsDiff.toExponential(2)}`);
  return report;
}

/** Exports the trained model to ONNX (verified against tfjs in onnxruntime). */
export async function onnxStage(s: PipelineSettings, stageDir: string, modelDir: string): Promise<ExportReport> {
  const report = await exportOnnx({ modelDir, outFile: join(stageDir, 'model.onnx'), logger: s.logger });
  s.logger.info(`[onnx] ${report.nodes} nodes, ${(report.bytes / 1e6).toFixed(2)} MB, max |tfjs - onnxruntime| = ${report.maxAbsDiff?.toExponential(2) ?? 'not verified'}`);
  return report;
}

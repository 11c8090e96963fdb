/** The pipeline's stages, in order. `--from STAGE` reruns that stage and every later one. */
export const PIPELINE_STAGES = ['data', 'train', 'evaluate', 'freeze', 'onnx', 'quantize', 'evaluate-int8', 'benchmark', 'report'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

export function isPipelineStage(value: string): value is PipelineStage {
  return (PIPELINE_STAGES as readonly string[]).includes(value);
}

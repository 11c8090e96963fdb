import { ModelIOError } from '@medimg/core';
import { CAM_OUTPUT } from '@medimg/export';
import { createOrtSession, loadOrt, readOnnxCard, readOnnxInfo } from '@medimg/runtime';
import { camOutputMap } from './cam-output-map';
import { classIndexOf, decidedClass } from './decide-class';
import { checkInput, modelInput } from './model-input';
import type { ExplainInput, Explainer, ExplainOptions, Explanation } from './types';

const WHERE = 'explainImage';

/**
 * CAM over an .onnx model (FP32 or INT8) exported with a `cam` output (@medimg/export does so for conv -> [pool] ->
 * GAP -> dense architectures): probabilities and maps come from one onnxruntime run. Throws a ModelIOError with the
 * fix when the file has no `cam` output.
 */
export async function onnxExplainer(file: string, threads?: number): Promise<Explainer> {
  const info = readOnnxInfo(file);
  const metadata = readOnnxCard(file, info);
  const camInfo = JSON.parse(info.metadataProps.find((p) => p.key === 'medimg.cam')?.value ?? '{}') as { feature?: string; activation?: string };
  if (!info.output.some((o) => o.name === CAM_OUTPUT)) {
    throw new ModelIOError(
      `Error in explainImage: ${file} has no '${CAM_OUTPUT}' output (outputs: ${info.output.map((o) => o.name).join(', ')}). Fix: re-export it with \`medimg export-onnx\` (it adds one for conv -> pool -> global-average-pool -> dense models), or explain the LayersModel directory (Grad-CAM works for any conv architecture).`,
      file,
    );
  }
  const ort = await loadOrt();
  const session = await createOrtSession(file, threads !== undefined ? { threads } : {});
  const inputName = session.inputNames[0] as string;
  const outputName = session.outputNames[0] as string;
  const { imageSize, channels } = metadata.preprocessing;
  return {
    metadata,
    kind: 'onnx',
    method: 'cam',
    source: file,
    async explain(image: ExplainInput, explainOptions: ExplainOptions = {}): Promise<Explanation> {
      checkInput(WHERE, image, metadata.preprocessing);
      const x = new ort.Tensor('float32', modelInput(image, metadata.preprocessing), [1, imageSize, imageSize, channels]);
      const out = await session.run({ [inputName]: x });
      const probs = out[outputName];
      const cam = out[CAM_OUTPUT];
      if (probs === undefined || cam === undefined) throw new ModelIOError(`Error running ${file}: missing output ${probs === undefined ? outputName : CAM_OUTPUT}`, file);
      const probabilities = Float32Array.from(probs.data as Float32Array);
      const k = explainOptions.classIndex === undefined ? decidedClass(probabilities, metadata) : classIndexOf(WHERE, explainOptions.classIndex, metadata);
      const logOdds = explainOptions.score === 'log-odds' && camInfo.activation === 'softmax';
      const finished = camOutputMap(cam.data as Float32Array, cam.dims.map(Number), 0, k, image.width, image.height, logOdds);
      return {
        probabilities,
        map: finished.data,
        width: image.width,
        height: image.height,
        classIndex: k,
        className: metadata.classNames[k] ?? String(k),
        method: 'cam',
        layer: camInfo.feature ?? CAM_OUTPUT,
        peak: finished.peak,
        lowRes: finished.lowRes,
      };
    },
    dispose(): void {
      void session.release().catch(() => undefined);
    },
  };
}

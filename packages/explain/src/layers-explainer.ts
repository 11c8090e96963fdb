import * as tf from '@tensorflow/tfjs';
import type { ModelCard } from '@medimg/core';
import { classIndexOf, decidedClass } from './decide-class';
import { gradCam } from './grad-cam';
import { checkInput, modelInput } from './model-input';
import type { ExplainInput, Explainer, ExplainOptions, Explanation } from './types';

const WHERE = 'explainImage';

/** Grad-CAM over a tfjs LayersModel and its card. `dispose` disposes the model. */
export function layersExplainer(model: tf.LayersModel, metadata: ModelCard, source: string, layer?: string): Explainer {
  return {
    metadata,
    kind: 'layers-model',
    method: 'grad-cam',
    source,
    async explain(image: ExplainInput, options: ExplainOptions = {}): Promise<Explanation> {
      checkInput(WHERE, image, metadata.preprocessing);
      const asked = options.classIndex === undefined ? undefined : classIndexOf(WHERE, options.classIndex, metadata);
      const x = tf.tensor3d(modelInput(image, metadata.preprocessing), [image.height, image.width, image.channels]);
      try {
        const cam = gradCam(model, x, { layer, classIndex: asked ?? ((p) => decidedClass(p, metadata)), ...(options.score !== undefined ? { score: options.score } : {}) });
        return {
          probabilities: cam.probabilities,
          map: cam.data,
          width: cam.width,
          height: cam.height,
          classIndex: cam.classIndex,
          className: metadata.classNames[cam.classIndex] ?? String(cam.classIndex),
          method: cam.method,
          layer: cam.layer,
          peak: cam.peak,
          lowRes: cam.lowRes,
        };
      } finally {
        x.dispose();
      }
    },
    dispose: () => model.dispose(),
  };
}

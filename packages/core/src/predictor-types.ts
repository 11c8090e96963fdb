import type { ImageBatch } from './dataset-types';
import type { ModelCard } from './model-card/types';

/**
 * Any model that maps a batch of images to class probabilities, whatever runs it (tfjs LayersModel or GraphModel,
 * onnxruntime FP32 or INT8, a browser runtime). `@medimg/runtime` loads one from a path (`loadPredictor`).
 */
export interface Predictor {
  /** The model card: class names, preprocessing, threshold, split, provenance. */
  readonly card: ModelCard;
  readonly numClasses: number;
  /** [height, width, channels] the model expects. */
  readonly inputShape: readonly [number, number, 1 | 3];
  /** Registered engine name, e.g. `tfjs-layers`, `tfjs-graph`, `onnxruntime`. */
  readonly engine: string;
  /**
   * Probabilities, row-major [batch.size * numClasses]. Pixels are the raw uint8 values of the ImageBatch; the
   * predictor turns them into model input as the card's preprocessing says.
   */
  predict(batch: ImageBatch): Promise<Float32Array>;
  dispose(): void | Promise<void>;
}

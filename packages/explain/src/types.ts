/** How a map was computed: gradients of the class logit (tfjs) or the dense weights on the feature map (ONNX). */
export type MapMethod = 'grad-cam' | 'cam';

/** A single-channel map over an image, row-major, `data.length === width * height`. */
export interface HeatMap {
  width: number;
  height: number;
  data: Float32Array;
}

export interface GradCamOptions {
  /**
   * Name of the layer whose activations are explained. Default: the last conv block's activations, i.e. the last
   * layer with a 4-D output that is not a pooling or dropout layer (`block4_conv2_relu` in compact-cnn).
   */
  layer?: string;
  /**
   * Class whose logit is explained, or a function choosing it from the probabilities of the same forward pass (e.g.
   * the decision at a threshold). Default: the class with the highest probability.
   */
  classIndex?: number | ((probabilities: Float32Array) => number);
  /**
   * What is differentiated. `logit`: the class's pre-softmax logit z_k. `log-odds`: for a 2-class softmax, z_k - z_other
   * = log(p_k / (1 - p_k)), the quantity the decision threshold acts on (a softmax only learns the difference of the
   * two logits; their common part stays at its random initialisation); other models fall back to `logit`.
   * Default 'logit'.
   */
  score?: 'logit' | 'log-odds';
}

/** A class activation map at the model's input size, with what the model predicted on the same forward pass. */
export interface ClassMap extends HeatMap {
  /** Min-max normalised to [0, 1] (all 0 when the map is flat: no positive evidence anywhere). */
  data: Float32Array;
  method: MapMethod;
  /** The explained class. */
  classIndex: number;
  /** The layer (tfjs) or graph tensor (ONNX) the map comes from. */
  layer: string;
  /** The map before upsampling: the feature map's grid (ReLU applied, not normalised). */
  lowRes: HeatMap;
  /** Largest value of `lowRes`; 0 means the class has no positive evidence in the image. */
  peak: number;
  /** Class probabilities of the same forward pass. */
  probabilities: Float32Array;
}

/** One preprocessed image at the model's input size: HWC uint8 (what dataset's `preprocessImageFile` returns). */
export interface ExplainInput {
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

/** What `explainImage` answers: the prediction and where in the image it comes from. */
export interface Explanation {
  /** Class probabilities, in the card's class order. */
  probabilities: Float32Array;
  /** The class map, [0, 1], row-major `width * height` (the model's input size). */
  map: Float32Array;
  width: number;
  height: number;
  /** The explained class: the model's decision (at the card's threshold for binary models) unless one was asked for. */
  classIndex: number;
  className: string;
  method: MapMethod;
  /** Layer (tfjs) or feature tensor (ONNX) the map is computed on. */
  layer: string;
  /** Largest value of the map before normalisation; 0 means no positive evidence for the class. */
  peak: number;
  /** The map at the feature map's resolution (ReLU applied, not normalised). */
  lowRes: HeatMap;
}

export interface ExplainOptions {
  /** Class to explain (index, or a class name of the card). Default: the model's decision. */
  classIndex?: number | string;
  /** See GradCamOptions.score (the ONNX CAM follows the same rule). Default 'logit'. */
  score?: GradCamOptions['score'];
}

/** A model loaded for explanation, whatever its engine. */
export interface Explainer {
  /** The model card: class names, positive class, threshold, preprocessing. */
  readonly metadata: import('@medimg/core').ModelCard;
  readonly kind: 'layers-model' | 'onnx';
  readonly method: MapMethod;
  /** The file or directory it was loaded from. */
  readonly source: string;
  explain(image: ExplainInput, options?: ExplainOptions): Promise<Explanation>;
  dispose(): void;
}

export interface LoadExplainerOptions {
  /** LayersModels only: the layer to explain (see GradCamOptions.layer). */
  layer?: string;
  /** ONNX only: onnxruntime intra-op threads. Default: onnxruntime's choice. */
  threads?: number;
}

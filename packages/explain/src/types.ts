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
  /** Class whose logit is explained. Default: the class with the highest probability. */
  classIndex?: number;
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

import type { Logger, ModelCard } from '@medimg/core';
import type * as tf from '@tensorflow/tfjs';

/** An activation the exporters know. `leakyrelu` carries its negative slope. */
export type Activation =
  | { kind: 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'elu' | 'softmax' }
  | { kind: 'leakyrelu'; alpha: number };

interface OpBase {
  /** Name of the Keras layer the op comes from (after fusion: the first layer of the fused group). */
  name: string;
  /** Value this op reads (an earlier op's `output`, or the graph input). */
  input: string;
  /** Value this op writes. */
  output: string;
  /** Output shape without the batch dimension (NHWC for images). */
  outShape: number[];
  /** Keras layers merged into this op (batch norm, activation), for reports. */
  fused: string[];
}

/** 2-D convolution, NHWC, kernel HWIO [kh, kw, in, out]. */
export interface ConvOp extends OpBase {
  op: 'conv2d';
  kernel: Float32Array;
  kernelShape: [number, number, number, number];
  bias: Float32Array | null;
  strides: [number, number];
  dilations: [number, number];
  padding: 'same' | 'valid';
  activation: Activation;
}

/** Fully connected layer on a 2-D input, kernel [in, out]. */
export interface DenseOp extends OpBase {
  op: 'dense';
  kernel: Float32Array;
  kernelShape: [number, number];
  bias: Float32Array | null;
  activation: Activation;
}

export interface PoolOp extends OpBase {
  op: 'pool';
  kind: 'max' | 'avg';
  poolSize: [number, number];
  strides: [number, number];
  padding: 'same' | 'valid';
}

export interface GlobalPoolOp extends OpBase {
  op: 'globalPool';
  kind: 'max' | 'avg';
}

/** Keras Flatten of an NHWC tensor (row-major over H, W, C). */
export interface FlattenOp extends OpBase {
  op: 'flatten';
}

/** y = x * scale + shift over the last axis (an inference-mode batch norm that could not be folded). */
export interface ScaleShiftOp extends OpBase {
  op: 'scaleShift';
  scale: Float32Array;
  shift: Float32Array;
}

export interface ActivationOp extends OpBase {
  op: 'activation';
  activation: Activation;
}

/** Elementwise sum of two values of the same shape (a residual connection): `input + other`. */
export interface AddOp extends OpBase {
  op: 'add';
  /** The second operand (an earlier op's `output`, or the graph input). */
  other: string;
}

export type InferenceOp = ConvOp | DenseOp | PoolOp | GlobalPoolOp | FlattenOp | ScaleShiftOp | ActivationOp | AddOp;

/**
 * An inference-only graph lowered from a LayersModel: single NHWC image input, ops in topological order,
 * weights copied out of tfjs (plain arrays, no tensors). Both the GraphModel and the ONNX writer consume it.
 */
export interface InferenceGraph {
  name: string;
  /** Value name of the input. */
  input: string;
  /** [height, width, channels]. */
  inputShape: [number, number, number];
  ops: InferenceOp[];
  /** Value name of the model output. */
  output: string;
  /** Output shape without batch (e.g. [numClasses]). */
  outputShape: number[];
  /** Layers dropped because they do nothing at inference (Dropout, linear Activation, ...). */
  dropped: string[];
}

/** Weight compression of a frozen GraphModel (tfjs weight quantization in the manifest). */
export type Compression = 'none' | 'float16' | 'uint8';

export interface FreezeOptions {
  model: tf.LayersModel;
  /** Directory to write `model.json` + weights into (created; an existing model there is replaced atomically). */
  outDir: string;
  /** The model card, stored in `userDefinedMetadata.medimg` (so `readModelCard(outDir)` works); checked against the model. Default: none. */
  metadata?: ModelCard;
  /** Weight compression. Default 'none' (float32). 'float16' halves, 'uint8' (affine per tensor) quarters the weights. */
  compress?: Compression;
  /** Default: silent. */
  logger?: Logger;
}

export interface FreezeModelDirOptions {
  /** A LayersModel directory with a model card (`medimg train`'s RUN/best; core `saveLayersModel`). */
  modelDir: string;
  outDir: string;
  /** Default 'none'. */
  compress?: Compression;
  logger?: Logger;
}

export interface FreezeReport {
  outDir: string;
  compress: Compression;
  /** GraphDef node count (incl. Const and Placeholder) and per-op counts (e.g. `_FusedConv2D`). */
  nodes: number;
  opCounts: Record<string, number>;
  /** Batch norms folded into a conv/dense, activations fused into one, layers dropped. */
  foldedBatchNorms: string[];
  fusedActivations: string[];
  droppedLayers: string[];
  params: number;
  /** Bytes of the weights file and of model.json. */
  weightBytes: number;
  modelJsonBytes: number;
  /** Max |LayersModel - reloaded GraphModel| over a seeded probe batch (includes any compression error). */
  maxAbsDiff: number;
  /** Probe images used for `maxAbsDiff`. */
  probeImages: number;
}

export interface ToOnnxOptions {
  model: tf.LayersModel;
  /** The model card, stored as JSON in metadata_props `medimg` (and `classNames`); checked against the model. Default: none. */
  metadata?: ModelCard;
  /** ONNX opset, >= 13. Default 13. */
  opset?: number;
  /** Graph input name. Default 'input' (NHWC float32 as the model takes it: raw 0..255 pixels when it rescales in the graph; dynamic batch 'batch'). */
  inputName?: string;
  /** Graph output name. Default 'probabilities'. */
  outputName?: string;
  /**
   * Add a second output `cam`, [batch, classes, h, w]: the class activation maps sum_c W[c, k] * F_c of the last conv
   * block's activations F (pre-ReLU), when the model ends in conv -> [pool] -> global average pool -> dense (where
   * they equal Grad-CAM of the logits; see @medimg/explain). Other architectures get no extra output. Default true.
   */
  camOutput?: boolean;
}

export interface ExportOnnxOptions {
  /** A LayersModel directory with a model card (from `medimg train`). */
  modelDir: string;
  /** The .onnx file to write (atomically). */
  outFile: string;
  /** Default 13. */
  opset?: number;
  /** See ToOnnxOptions.camOutput. Default true. */
  camOutput?: boolean;
  /** Run the written file in onnxruntime-node and compare with tfjs on a seeded probe batch. Default true (skipped with a warning if onnxruntime-node is missing). */
  verify?: boolean;
  logger?: Logger;
}

export interface ExportReport {
  outFile: string;
  bytes: number;
  opset: number;
  nodes: number;
  /** Per ONNX op type, e.g. { Conv: 12, MaxPool: 6, ... }. */
  opCounts: Record<string, number>;
  initializers: number;
  params: number;
  inputName: string;
  outputName: string;
  /** How the input is scaled: `in-graph` (feed raw pixels 0..255) or `unit` (feed pixels / 255), as the model card says. */
  pixelScale: 'unit' | 'in-graph';
  /** Name of the class activation map output, or null when the architecture has none (or camOutput was false). */
  camOutput: string | null;
  /** Max |tfjs LayersModel - onnxruntime| on the probe batch, or null when verification was skipped. */
  maxAbsDiff: number | null;
  probeImages: number;
}

/** What `ensembleOnnx` combines. */
export interface EnsembleOnnxOptions {
  /** 2 or more medimg ONNX models (same input, classes and preprocessing), each with its card and source. */
  members: { onnx: import('@medimg/onnx').OnnxModel; card: import('@medimg/core').ModelCard; source: string }[];
  /** Decision threshold of the ensemble. Default: the mean of the members' thresholds (policy `members-mean`). */
  threshold?: number;
}

export interface ExportEnsembleOptions {
  /** 2 or more members: training run directories, LayersModel directories, `zoo:` models or .onnx files. */
  models: string[];
  /** The .onnx file to write (atomically). */
  outFile: string;
  /** Opset of members converted from LayersModels. Default 13. */
  opset?: number;
  /** See EnsembleOnnxOptions.threshold. */
  threshold?: number;
  /** Run the file and every member in onnxruntime-node and compare on a probe batch. Default true. */
  verify?: boolean;
  /** onnxruntime intra-op threads for the verification. Default: onnxruntime's. */
  threads?: number;
  logger?: Logger;
}

export interface EnsembleReport {
  outFile: string;
  bytes: number;
  members: { source: string; path: string; kind: string; architecture: string }[];
  /** The card's architecture, e.g. `ensemble(resnet-small x3)`. */
  architecture: string;
  threshold: number;
  thresholdPolicy: string;
  inputName: string;
  outputName: string;
  nodes: number;
  params: number;
  /** Max |ensemble - mean of the members| in onnxruntime on the probe batch, or null when not verified. */
  maxAbsDiff: number | null;
  probeImages: number;
}

import * as tf from '@tensorflow/tfjs';

/** Gives every BatchNormalization layer seeded, non-trivial statistics (so folding is actually tested). */
export function randomizeBatchNorms(model: tf.LayersModel, seed = 7): void {
  let s = seed;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const values = layer.weights.map((w) =>
      w.originalName.includes('variance') ? tf.randomUniform(w.shape as number[], 0.2, 2, 'float32', s++) : tf.randomUniform(w.shape as number[], -0.5, 1.5, 'float32', s++),
    );
    layer.setWeights(values);
    values.forEach((v) => v.dispose());
  }
}

/** Shifts every bias away from zero so bias handling is exercised. */
export function randomizeBiases(model: tf.LayersModel, seed = 11): void {
  let s = seed;
  for (const layer of model.layers) {
    const weights = layer.weights;
    if (!weights.some((w) => w.originalName.endsWith('/bias'))) continue;
    const values = weights.map((w) => (w.originalName.endsWith('/bias') ? tf.randomUniform(w.shape as number[], -0.3, 0.3, 'float32', s++) : w.read().clone()));
    layer.setWeights(values);
    values.forEach((v) => v.dispose());
  }
}

const seeded = (seed: number): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed });

/**
 * A grayscale zoo: conv same/valid, stride 1/2, with/without bias, BN folded after a linear conv, BN left standalone
 * after an activation, MaxPool/AvgPool same+valid on odd sizes, LeakyReLU and ReLU layers, sigmoid/tanh activations,
 * Flatten with spatial extent > 1, Dropout, Dense relu and softmax. `rescale` starts it with an in-graph Rescaling(1/255)
 * (it then takes raw pixels 0..255, as medimg's architectures do).
 */
export function grayZoo(options: { inputShape?: [number, number, 1]; rescale?: boolean } = {}): tf.LayersModel {
  const inputShape = options.inputShape ?? [15, 13, 1];
  const m = tf.sequential({ name: 'gray_zoo' });
  if (options.rescale === true) m.add(tf.layers.rescaling({ inputShape, scale: 1 / 255, name: 'rescale' }));
  m.add(tf.layers.conv2d({ ...(options.rescale === true ? {} : { inputShape }), filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: seeded(1), name: 'c1' }));
  m.add(tf.layers.batchNormalization({ name: 'bn_after_relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same', name: 'pool_same' }));
  m.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: seeded(2), name: 'c2_stride2_nobias' }));
  m.add(tf.layers.batchNormalization({ name: 'bn_fold' }));
  m.add(tf.layers.leakyReLU({ alpha: 0.2, name: 'leaky' }));
  m.add(tf.layers.conv2d({ filters: 5, kernelSize: 2, padding: 'valid', activation: 'sigmoid', kernelInitializer: seeded(3), name: 'c3_valid_sigmoid' }));
  m.add(tf.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'same', name: 'avg_same' }));
  m.add(tf.layers.flatten({ name: 'flat' }));
  m.add(tf.layers.dropout({ rate: 0.5, name: 'drop' }));
  m.add(tf.layers.dense({ units: 7, activation: 'relu', kernelInitializer: seeded(4), name: 'fc1' }));
  m.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: seeded(5), name: 'probs' }));
  randomizeBatchNorms(m);
  randomizeBiases(m);
  return m;
}

/**
 * An RGB functional zoo: stride-2 conv with tanh (not fusable in tfjs), ReLU and Activation layers, valid AvgPool,
 * BN on a 4-D and a 2-D tensor that cannot fold, GlobalAveragePooling, linear Dense + Activation('softmax').
 */
export function rgbZoo(): tf.LayersModel {
  const input = tf.input({ shape: [12, 12, 3], name: 'image' });
  let x = tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'valid', activation: 'tanh', kernelInitializer: seeded(6), name: 'c_tanh' }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 6, kernelSize: 1, padding: 'same', kernelInitializer: seeded(7), name: 'c_linear' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'relu_layer' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'bn4d' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ activation: 'relu', name: 'act_relu' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'valid', name: 'avg_valid' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'bn2d' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 4, kernelInitializer: seeded(8), name: 'logits' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ activation: 'linear', name: 'act_linear' }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.activation({ activation: 'softmax', name: 'softmax' }).apply(x) as tf.SymbolicTensor;
  const m = tf.model({ inputs: input, outputs: out, name: 'rgb_zoo' });
  randomizeBatchNorms(m, 21);
  randomizeBiases(m, 31);
  return m;
}

/** Ends in a flattened feature vector (ONNX must restore Keras order at the output), with a BN on permuted features. */
export function flatOutputModel(): tf.LayersModel {
  const m = tf.sequential({ name: 'flat_out' });
  m.add(tf.layers.conv2d({ inputShape: [5, 4, 2], filters: 3, kernelSize: 3, padding: 'same', kernelInitializer: seeded(9), activation: 'relu', name: 'c' }));
  m.add(tf.layers.flatten({ name: 'flat' }));
  m.add(tf.layers.batchNormalization({ name: 'bn_flat' }));
  m.add(tf.layers.activation({ activation: 'sigmoid', name: 'sig' }));
  randomizeBatchNorms(m, 41);
  return m;
}

/** Ends in a 4-D feature map (ONNX must transpose back to NHWC); elu conv, ReLU(maxValue 6), GlobalMax-free valid MaxPool. */
export function featureMapModel(): tf.LayersModel {
  const m = tf.sequential({ name: 'feature_map' });
  m.add(tf.layers.conv2d({ inputShape: [7, 6, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: seeded(10), activation: 'elu', name: 'c_elu' }));
  m.add(tf.layers.conv2d({ filters: 4, kernelSize: 1, kernelInitializer: seeded(12), name: 'c_lin' }));
  m.add(tf.layers.reLU({ maxValue: 6, name: 'relu6' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 1, padding: 'valid', name: 'pool_valid' }));
  return m;
}

/** GlobalMaxPooling into a dense. */
export function globalMaxModel(): tf.LayersModel {
  const m = tf.sequential({ name: 'global_max' });
  m.add(tf.layers.conv2d({ inputShape: [9, 9, 1], filters: 4, kernelSize: 3, kernelInitializer: seeded(13), name: 'c' }));
  m.add(tf.layers.globalMaxPooling2d({ name: 'gmp' }));
  m.add(tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: seeded(14), name: 'out' }));
  return m;
}

/**
 * A residual network on an odd-sized input (default 13x11: SAME stride-2 rounding): stride-2 stem conv-BN-ReLU; a block with an
 * identity shortcut; a stride-2 block with a 1x1 projection shortcut (conv-BN); a three-way Add; GAP, dense softmax.
 */
export function residualZoo(inputShape: [number, number, 1] = [13, 11, 1]): tf.LayersModel {
  type St = tf.SymbolicTensor;
  let seed = 40;
  const conv = (x: St, name: string, filters: number, kernelSize: number, strides: number): St => {
    const y = tf.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: tf.initializers.heUniform({ seed: seed++ }), name }).apply(x) as St;
    return tf.layers.batchNormalization({ name: `${name}_bn` }).apply(y) as St;
  };
  const relu = (x: St, name: string): St => tf.layers.reLU({ name }).apply(x) as St;
  const input = tf.input({ shape: inputShape, name: 'image' });
  const stem = relu(conv(input, 'stem', 4, 3, 2), 'stem_relu');
  const a = conv(relu(conv(stem, 'r1_c1', 4, 3, 1), 'r1_c1_relu'), 'r1_c2', 4, 3, 1);
  const r1 = relu(tf.layers.add({ name: 'r1_add' }).apply([a, stem]) as St, 'r1_relu');
  const b = conv(relu(conv(r1, 'r2_c1', 6, 3, 2), 'r2_c1_relu'), 'r2_c2', 6, 3, 1);
  const proj = conv(r1, 'r2_proj', 6, 1, 2);
  const extra = conv(r1, 'r2_extra', 6, 3, 2);
  const r2 = relu(tf.layers.add({ name: 'r2_add' }).apply([b, proj, extra]) as St, 'r2_relu');
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(r2) as St;
  const out = tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: seeded(50), name: 'logits' }).apply(pooled) as St;
  const m = tf.model({ inputs: input, outputs: out, name: 'residual_zoo' });
  randomizeBatchNorms(m, 61);
  randomizeBiases(m, 71);
  return m;
}

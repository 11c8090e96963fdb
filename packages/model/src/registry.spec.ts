import * as tf from '@tensorflow/tfjs';
import { countParams, defaultInputFor, DEFAULT_ARCHITECTURE, getArchitecture, listArchitectures, registerArchitecture } from './index';

describe('architecture registry', () => {
  it('lists the built-ins and the default', () => {
    expect(listArchitectures()).toEqual(expect.arrayContaining(['refkit-cnn', 'compact-cnn']));
    expect(listArchitectures()).toContain(DEFAULT_ARCHITECTURE);
    expect(defaultInputFor('refkit-cnn')).toEqual({ imageSize: 300, channels: 3 });
    expect(defaultInputFor(DEFAULT_ARCHITECTURE)).toEqual({ imageSize: 128, channels: 1 });
  });

  it('names the registered architectures when a name is unknown', () => {
    expect(() => getArchitecture('resnet-9000')).toThrow(/unknown architecture "resnet-9000"\. Registered: .*compact-cnn.*refkit-cnn/);
    expect(() => defaultInputFor('nope')).toThrow(/Registered:/);
    expect(() => registerArchitecture('Bad Name', getArchitecture('compact-cnn'))).toThrow(/kebab-case/);
  });

  it('registers a new architecture by name', () => {
    registerArchitecture('test-linear', ({ inputShape, numClasses }) => {
      const input = tf.input({ shape: inputShape });
      const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: tf.layers.dense({ units: numClasses, activation: 'softmax' }).apply(flat) as tf.SymbolicTensor });
    }, { imageSize: 8, channels: 1 });
    const model = getArchitecture('test-linear')({ inputShape: [8, 8, 1], numClasses: 3 });
    expect(countParams(model).total).toBe(8 * 8 * 3 + 3);
    expect(defaultInputFor('test-linear')).toEqual({ imageSize: 8, channels: 1 });
    model.dispose();
  });
});

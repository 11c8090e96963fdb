import { compactCnnDefault, compactCnnPlain, compactCnnWide } from './architectures/compact-cnn';
import { refkitCnn } from './architectures/refkit-cnn';
import { resnetSmallDefault } from './architectures/resnet-small';
import { registerArchitecture } from './registry';

/** Name of the compact default, chosen by measurement on the real data (see README). */
export const DEFAULT_ARCHITECTURE = 'compact-cnn';

/** Registers the built-in architectures (idempotent; runs when the package is imported). */
export function registerBuiltinArchitectures(): void {
  registerArchitecture('refkit-cnn', refkitCnn, { imageSize: 300, channels: 3 });
  registerArchitecture('compact-cnn', compactCnnDefault, { imageSize: 128, channels: 1 });
  registerArchitecture('compact-cnn-wide', compactCnnWide, { imageSize: 128, channels: 1 });
  registerArchitecture('compact-cnn-plain', compactCnnPlain, { imageSize: 128, channels: 1 });
  registerArchitecture('resnet-small', resnetSmallDefault, { imageSize: 128, channels: 1 });
}

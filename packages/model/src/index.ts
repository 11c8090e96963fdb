import { registerBuiltinArchitectures } from './builtins';

registerBuiltinArchitectures();

export { registerArchitecture, getArchitecture, listArchitectures, defaultInputFor } from './registry';
export { DEFAULT_ARCHITECTURE, registerBuiltinArchitectures } from './builtins';
export { refkitCnn } from './architectures/refkit-cnn';
export { compactCnn } from './architectures/compact-cnn';
export { resnetSmall } from './architectures/resnet-small';
export { countParams } from './count-params';
export { imageInput, RESCALE_LAYER } from './image-input';
export { describeArchitecture } from './describe-architecture';
export type { ArchitectureFactory, ArchitectureOptions, DefaultInput, ArchitectureSpec, LayerSpec } from './types';
export type { CompactCnnConfig } from './architectures/compact-cnn';
export type { ResnetSmallConfig } from './architectures/resnet-small';

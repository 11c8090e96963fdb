export { ZOO_MODELS, listZooModels } from './catalog';
export type { ZooEntry } from './catalog';
export { ZOO_SCHEME, isZooSpec, parseZooSpec, zooModelPath } from './zoo-path';
export { readZooCard } from './zoo-card';
export { ZOO_FORMATS } from './types';
export type { ZooCard, ZooFormat, CardMetrics } from './types';

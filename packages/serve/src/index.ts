export { startServer } from './start-server';
export { parseModelSpec, defaultModelName } from './model-spec';
export { decide } from './decide';
export { MicroBatcher } from './batching/micro-batcher';
export type { MicroBatcherOptions } from './batching/micro-batcher';
export { QueueFullError, DeadlineError, ShuttingDownError, isQueueFullError, isDeadlineError, isShuttingDownError } from './batching/errors';
export { Counter, Gauge, Histogram, Registry, PROMETHEUS_CONTENT_TYPE } from './metrics/prometheus';
export type { ServeOptions, ServedModelSpec, ModelServer, ModelInfo, PredictResponse, PredictHeatmap } from './types';

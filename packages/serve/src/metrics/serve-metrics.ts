import { Counter, Gauge, Histogram, Registry } from './prometheus';

const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The metrics `medimg serve` exposes at /metrics (names follow Prometheus conventions, units in the name). */
export interface ServeMetrics {
  registry: Registry;
  /** Requests answered, by route, model and HTTP status (503 queue full or warming up, 504 deadline passed, ...). */
  requests: Counter;
  /** Time an image waited in the batching queue before its batch started. */
  queueWait: Histogram;
  /** Worker time of one batch: decode + preprocessing, and the model run. */
  decodeTime: Histogram;
  computeTime: Histogram;
  /** Images per model run. */
  batchSize: Histogram;
  /** Images waiting now. */
  queueDepth: Gauge;
  /** Batches being computed by the workers now. */
  batchesInFlight: Gauge;
}

export function createServeMetrics(maxBatch: number): ServeMetrics {
  const registry = new Registry();
  const sizes: number[] = [];
  for (let b = 1; b < maxBatch; b *= 2) sizes.push(b);
  sizes.push(maxBatch);
  return {
    registry,
    requests: registry.register(new Counter('medimg_http_requests_total', 'HTTP requests answered, by route, model and status code.', ['route', 'model', 'status'])),
    queueWait: registry.register(new Histogram('medimg_queue_wait_seconds', 'Time an image waited in the batching queue before its batch was sent to a worker.', SECONDS, ['model'])),
    decodeTime: registry.register(new Histogram('medimg_decode_seconds', 'Worker time to decode and preprocess the images of one batch.', SECONDS, ['model'])),
    computeTime: registry.register(new Histogram('medimg_compute_seconds', 'Worker time of one model run (one batch).', SECONDS, ['model'])),
    batchSize: registry.register(new Histogram('medimg_batch_size', 'Images per model run.', sizes, ['model'])),
    queueDepth: registry.register(new Gauge('medimg_queue_depth', 'Images waiting in the batching queue.', ['model'])),
    batchesInFlight: registry.register(new Gauge('medimg_batches_in_flight', 'Batches being computed by the inference workers.', ['model'])),
  };
}

/** The queues medimg workers serve (one Redis may hold many searches and predict runs; job ids keep them apart). */
export const QUEUES = {
  /** Tune trials; job id `<search>.<trial key>`. */
  trials: 'medimg-trials',
  /** Batch-predict chunks; job id `<run>.<chunk>.<files hash>`. */
  predict: 'medimg-predict',
} as const;

/** BullMQ's key prefix for medimg queues. */
export const QUEUE_PREFIX = 'medimg';

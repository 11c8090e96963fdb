import { hasErrorCode, MedimgError } from '@medimg/core';

/** The batching queue is full; the caller should retry later (HTTP 503 with Retry-After). */
export class QueueFullError extends MedimgError {
  constructor(readonly queueSize: number, readonly retryAfterSeconds: number) {
    super('E_QUEUE_FULL', `Error in predict: the queue is full (${queueSize} images waiting). Fix: retry after ${retryAfterSeconds} s, or start the server with a larger --queue-size or more --workers.`);
  }
}

/** The request's deadline passed before its result was ready (HTTP 504). */
export class DeadlineError extends MedimgError {
  constructor(readonly timeoutMs: number, readonly stage: 'queued' | 'computing') {
    super('E_DEADLINE', `Error in predict: no result within ${timeoutMs} ms (the image was still ${stage === 'queued' ? 'waiting in the queue' : 'being computed'}). Fix: retry, send fewer concurrent requests, or raise --timeout-ms.`);
  }
}

/** The server is shutting down and accepts no new work (HTTP 503). */
export class ShuttingDownError extends MedimgError {
  constructor() {
    super('E_SHUTTING_DOWN', 'Error in predict: the server is shutting down. Fix: retry against another instance.');
  }
}

export const isQueueFullError = (e: unknown): e is QueueFullError => hasErrorCode(e, 'E_QUEUE_FULL');
export const isDeadlineError = (e: unknown): e is DeadlineError => hasErrorCode(e, 'E_DEADLINE');
export const isShuttingDownError = (e: unknown): e is ShuttingDownError => hasErrorCode(e, 'E_SHUTTING_DOWN');

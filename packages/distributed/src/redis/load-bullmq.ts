import { MedimgError } from '@medimg/core';
import type { RedisAddress } from './redis-url';

/** BullMQ's module, imported only when a queue is used (the local executor and local predict never load it). */
export type Bullmq = typeof import('bullmq');

export async function loadBullmq(): Promise<Bullmq> {
  return import('bullmq');
}

/** Anything BullMQ that connects (Queue, Worker, QueueEvents). */
interface Connectable {
  waitUntilReady(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Waits until `client` has connected, or throws a clear error after `timeoutMs` (ioredis itself retries forever,
 * which would make a wrong address look like a hang).
 */
export async function waitConnected(client: Connectable, address: RedisAddress, where: string, timeoutMs: number): Promise<void> {
  let lastError = '';
  client.on('error', (error) => (lastError = error.message));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new MedimgError(
            'E_REDIS_UNREACHABLE',
            `Error in ${where}: cannot reach Redis at ${address.display} within ${Math.round(timeoutMs / 1000)} s${lastError ? ` (${lastError})` : ''}. Fix: start redis-server there (or pass the right redis://HOST:PORT).`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    await Promise.race([client.waitUntilReady(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

import type { Logger } from '@medimg/core';
import type { Job, Queue, QueueEvents } from 'bullmq';
import { createJobWaiter, type JobWaiter } from './job-waiter';
import { loadBullmq, waitConnected } from './load-bullmq';
import { QUEUE_PREFIX } from './queue-names';
import { connectionOptions, type RedisAddress } from './redis-url';

/** A producer's side of a queue: add jobs, wait for them. */
export interface OpenQueue {
  queue: Queue;
  events: QueueEvents;
  JobClass: typeof Job;
  waiter: JobWaiter;
  close(): Promise<void>;
}

/** Opens `name` (Queue + QueueEvents + a JobWaiter) and waits until connected; a clear error after `timeoutMs`. */
export async function openQueue(address: RedisAddress, name: string, where: string, options: { timeoutMs: number; pollMs: number; logger: Logger }): Promise<OpenQueue> {
  const { Queue: QueueClass, QueueEvents: EventsClass, Job: JobClass } = await loadBullmq();
  const base = { connection: connectionOptions(address), prefix: QUEUE_PREFIX };
  const queue = new QueueClass(name, base);
  const events = new EventsClass(name, base);
  queue.on('error', (error) => options.logger.debug(`${where}: queue: ${error.message}`));
  events.on('error', (error) => options.logger.debug(`${where}: events: ${error.message}`));
  try {
    await Promise.all([waitConnected(queue, address, where, options.timeoutMs), waitConnected(events, address, where, options.timeoutMs)]);
  } catch (error) {
    await Promise.allSettled([events.close(), queue.close()]);
    throw error;
  }
  const waiter = createJobWaiter(queue, events, JobClass, options.pollMs, options.logger);
  return {
    queue,
    events,
    JobClass,
    waiter,
    async close() {
      waiter.close();
      await Promise.allSettled([events.close(), queue.close()]);
    },
  };
}

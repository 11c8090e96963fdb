import { availableParallelism } from 'node:os';
import { OptionChecker, silentLogger, type Logger } from '@medimg/core';
import { nameModels } from './model-spec';
import type { ServedModelSpec, ServeOptions } from './types';

export interface ResolvedServeOptions {
  models: (ServedModelSpec & { name: string })[];
  port: number;
  host: string;
  maxBatch: number;
  maxDelayMs: number;
  queueSize: number;
  timeoutMs: number;
  workers: number;
  threads: number;
  maxUploadBytes: number;
  maxImagePixels: number;
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  logger: Logger;
}

/** Validates `startServer`'s options once and fills in the documented defaults. */
export function resolveServeOptions(o: ServeOptions): ResolvedServeOptions {
  const v = new OptionChecker('startServer');
  v.check(Array.isArray(o.models), `models must be an array of {name?, path}; got ${JSON.stringify(o.models)}`);
  for (const [i, m] of (Array.isArray(o.models) ? o.models : []).entries()) v.string(`models[${i}].path`, m?.path);
  if (o.port !== undefined) v.int('port', o.port, 0, 65535);
  if (o.host !== undefined) v.string('host', o.host);
  if (o.maxBatch !== undefined) v.int('maxBatch', o.maxBatch, 1, 1024);
  if (o.maxDelayMs !== undefined) v.number('maxDelayMs', o.maxDelayMs, 0, 10_000);
  if (o.queueSize !== undefined) v.int('queueSize', o.queueSize, 1, 1_000_000);
  if (o.timeoutMs !== undefined) v.int('timeoutMs', o.timeoutMs, 1, 3_600_000);
  if (o.workers !== undefined) v.int('workers', o.workers, 1, 64);
  if (o.threads !== undefined) v.int('threads', o.threads, 1, 256);
  if (o.maxUploadBytes !== undefined) v.int('maxUploadBytes', o.maxUploadBytes, 1024, 1024 ** 3);
  if (o.maxImagePixels !== undefined) v.int('maxImagePixels', o.maxImagePixels, 64, 1e9);
  if (o.backend !== undefined) v.oneOf('backend', o.backend, ['auto', 'tensorflow', 'wasm', 'cpu']);
  v.done();
  const maxBatch = o.maxBatch ?? 16;
  const workers = o.workers ?? 1;
  return {
    models: nameModels(o.models),
    port: o.port ?? 8080,
    host: o.host ?? '127.0.0.1',
    maxBatch,
    maxDelayMs: o.maxDelayMs ?? 5,
    queueSize: o.queueSize ?? 64 * maxBatch,
    timeoutMs: o.timeoutMs ?? 30_000,
    workers,
    threads: o.threads ?? Math.max(1, Math.floor(availableParallelism() / workers)),
    maxUploadBytes: o.maxUploadBytes ?? 10 * 1024 * 1024,
    maxImagePixels: o.maxImagePixels ?? 40_000_000,
    backend: o.backend ?? 'auto',
    logger: o.logger ?? silentLogger,
  };
}

import { performance } from 'node:perf_hooks';
import type { Clock } from './types';

/** The default clock: high-resolution milliseconds. */
export const defaultClock: Clock = () => performance.now();

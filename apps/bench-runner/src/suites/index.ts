import type { Suite } from '../types';
import { dataSuite } from './data';
import { inferenceSuite } from './inference';
import { peerSuite } from './peer';
import { serveSuite } from './serve';
import { trainingSuite } from './training';

/** Suites by name, in the order `--suite all` runs them. */
export const SUITES: readonly Suite[] = [trainingSuite, peerSuite, inferenceSuite, dataSuite, serveSuite];

export function findSuite(name: string): Suite | undefined {
  return SUITES.find((s) => s.name === name);
}

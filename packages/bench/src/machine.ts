import { cpus, loadavg, totalmem } from 'node:os';
import type { MachineInfo } from './types';

/** The facts that make a benchmark number comparable: CPU model, cores, memory, Node, load. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    totalMemoryBytes: totalmem(),
    platform: process.platform,
    arch: process.arch,
    node: process.version,
    loadAverage1m: loadavg()[0] ?? 0,
  };
}

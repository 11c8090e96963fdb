import { machineInfo } from './machine';
import type { ResultHeader } from './types';

/** Schema tag, timestamp and machine facts every result starts with. */
export function resultHeader(label?: string): ResultHeader {
  const header: ResultHeader = { schema: 'medimg-bench@1', createdAt: new Date().toISOString(), machine: machineInfo() };
  if (label !== undefined) header.label = label;
  return header;
}

import { attrString, type OnnxAttribute } from '@medimg/onnx';
import type { TapeEntry } from './types';

const find = (e: TapeEntry, name: string): OnnxAttribute | undefined => e.attribute.find((a) => a.name === name);

export function intAttr(e: TapeEntry, name: string, fallback: number): number {
  return find(e, name)?.i ?? fallback;
}
export function intsAttr(e: TapeEntry, name: string, fallback: number[]): number[] {
  return find(e, name)?.ints ?? fallback;
}
export function floatAttr(e: TapeEntry, name: string, fallback: number): number {
  return find(e, name)?.f ?? fallback;
}
export function stringAttr(e: TapeEntry, name: string, fallback: string): string {
  return attrString(find(e, name)) ?? fallback;
}

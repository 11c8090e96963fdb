// @medimg/explain's src/browser.ts (the class-map math without Node imports), bundled into the page by
// tsup.config.ts (alias `medimg-explain-browser`): the same camMap and overlayPixels the server runs.
declare module 'medimg-explain-browser' {
  export interface HeatMap {
    width: number;
    height: number;
    data: Float32Array;
  }
  export interface FinishedMap {
    data: Float32Array;
    lowRes: HeatMap;
    peak: number;
  }
  export function camMapProblem(length: number, dims: readonly number[], n: number, k: number): string | null;
  export function camMap(cam: Float32Array, dims: readonly number[], n: number, k: number, width: number, height: number, logOdds?: boolean): FinishedMap;
  export function overlayPixels(target: Uint8Array | Uint8ClampedArray, base: { pixels: Uint8Array; width: number; height: number; channels: number }, map: HeatMap, size: number, opacity: number): void;
  export const JET_LUT: Uint8Array;
}

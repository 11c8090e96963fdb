/**
 * The browser-safe part of @medimg/explain: pure math on plain arrays, no Node or package imports (keep it so). The
 * page of @medimg/serve bundles this file (esbuild alias `medimg-explain-browser`) to compute and draw the class map
 * from onnxruntime-web's `cam` output with the same code the server runs; index.ts exports the same functions.
 */
export { camMap, camMapProblem } from './cam-map';
export { finishMap } from './finish-map';
export { upsampleBilinear } from './upsample-bilinear';
export { overlayPixels } from './overlay-pixels';
export { jet, JET_LUT } from './colormap';

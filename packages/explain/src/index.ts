export { gradCam } from './grad-cam';
export { finishMap } from './finish-map';
export { upsampleBilinear } from './upsample-bilinear';
export type { FinishedMap } from './finish-map';
export type { ClassMap, GradCamOptions, HeatMap, MapMethod } from './types';

export { runPipeline } from './run-pipeline';
export { PIPELINE_STAGES, isPipelineStage } from './stages';
export type { PipelineStage } from './stages';
export type { PipelineOptions, PipelineResult } from './types';
export { renderMarkdown, renderHtml } from './report/render-report';
export { reportCharts } from './report/charts';
export type { ReportData, ReportMetrics } from './report/types';
export { runStage, readStamp, hashJson } from './stage-runner';
export type { StageStamp, StageDefinition, StageOutcome } from './stage-runner';

import { registerBuiltinStrategies } from './strategies/builtins';

registerBuiltinStrategies();

export { tune, TUNE_FILES } from './tune';
export { registerStrategy, getStrategy, listStrategies } from './strategies/registry';
export { registerBuiltinStrategies } from './strategies/builtins';
export { gridStrategy } from './strategies/grid';
export { randomStrategy, DEFAULT_RANDOM_TRIALS } from './strategies/random';
export { halvingStrategy, rungBudgets, DEFAULT_HALVING_TRIALS } from './strategies/halving';
export { presets } from './presets';
export { searchSpaceFromLists, validateSearchSpace } from './space/search-space';
export { gridParams, sampleParams } from './space/sample';
export { createTrial, trialKey } from './space/trial-key';
export { createRanker, defaultComputeCost, TIE_TOLERANCE } from './objective';
export { localProcessExecutor } from './executor/local-process-executor';
export { readTrialStore, repairTrialStore } from './store/trial-store';
export { formatSummaryMarkdown } from './summary/format-summary';
export type { LocalProcessExecutorOptions } from './executor/local-process-executor';
export type { TrialStoreContents } from './store/trial-store';
export type {
  ParamValue,
  Params,
  NumberParam,
  ChoiceParam,
  ParamSpec,
  SearchSpace,
  Trial,
  TrialResult,
  TrialContext,
  TrialRunner,
  TrialRunnerFn,
  TrialRunnerResult,
  TrialJob,
  TrialOutcome,
  TrialEvents,
  TrialEpochProgress,
  TrialExecutor,
  Objective,
  StrategyOptions,
  SearchStrategy,
  StrategyFactory,
  TunePreset,
  TuneProgress,
  TuneOptions,
  TuneSummary,
} from './types';
export { trainRunner, trainRunnerSpec, prepareTrainRunnerData, TRAIN_RUNNER_PARAMS } from './runners/train-runner';
export type { TrainRunnerOptions } from './runners/train-runner';

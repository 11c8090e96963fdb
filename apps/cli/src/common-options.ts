import type { Argv } from 'yargs';
import { BACKEND_NAMES, type BackendName } from '@medimg/core';

/**
 * The flags several commands share, each declared once: its typed fragment (what the handler reads) and its
 * builder (what yargs, --help and the configuration schema see). A command's own wording goes in `describe`.
 */

/** `--backend`: the tfjs backend (`auto`: the first that loads here, see `medimg backend`). */
export interface BackendArgs {
  backend: BackendName | 'auto';
}

/** `--json`: print the result as JSON instead of text. */
export interface JsonArgs {
  json: boolean;
}

/** `--model` of a command that reads a trained model (a run directory, a model directory, an .onnx file, zoo:NAME). */
export interface TrainedModelArgs {
  model: string;
}

/** The flags of every command that runs a trained model. */
export type ModelCommandArgs = TrainedModelArgs & BackendArgs & JsonArgs;

/**
 * `--val-split` and `--seed` of a command that re-derives the model card's train/validation split: unset, the card's
 * values are used; another value is refused (the validation images would not be the ones the card was fitted on).
 */
export interface CardSplitArgs {
  'val-split'?: number;
  seed?: number;
}

/** `--window` of a command that reads images for a trained model (unset: the model's windowing, as trained). */
export interface ModelWindowArgs {
  window?: string;
}

/** Training engines of `medimg train` (and of tune's trials and the pipeline's train stage). */
export const TRAINING_ENGINES = ['auto', 'onnxruntime', 'tfjs'] as const;

/** `--backend`, `--engine` and `--window` of a command that trains (train, tune, pipeline). */
export interface TrainingArgs extends BackendArgs {
  engine: (typeof TRAINING_ENGINES)[number];
  /** DICOM / 16-bit PNG windowing, saved with the model: auto, full or CENTER,WIDTH. */
  window: string;
}

/** Adds `--backend`. */
export function backendOption<T>(y: Argv<T>, describe?: string) {
  return y.option('backend', { choices: ['auto', ...BACKEND_NAMES] as const, default: 'auto' as const, describe });
}

/** Adds `--json`. */
export function jsonOption<T>(y: Argv<T>, describe?: string) {
  return y.option('json', { type: 'boolean', default: false, describe });
}

/** Adds `--model`, a trained model (required; `describe` says which kinds the command accepts). */
export function trainedModelOption<T>(y: Argv<T>, describe: string) {
  return y.option('model', { type: 'string', demandOption: true, describe });
}

/** Adds the flags of a command that runs a trained model: `--model` (`describe.model` says which kinds), `--backend`, `--json`. */
export function modelCommandOptions<T>(y: Argv<T>, describe: { model: string; json?: string }) {
  return jsonOption(backendOption(trainedModelOption(y, describe.model)), describe.json);
}

/** Adds `--val-split` and `--seed` of the model card's split; `when` starts their descriptions (e.g. `With --split validation`). */
export function cardSplitOptions<T>(y: Argv<T>, when?: string) {
  const lead = (text: string): string => (when === undefined ? text.charAt(0).toUpperCase() + text.slice(1) : `${when}: ${text}`);
  return y
    .option('val-split', { type: 'number', describe: lead("the validation fraction (default: the model card's split; another value is refused)") })
    .option('seed', { type: 'number', describe: lead("the split seed (default: the model card's; another value is refused)") });
}

/** Adds `--window` of a command that reads images for a trained model. */
export function modelWindowOption<T>(y: Argv<T>) {
  return y.option('window', { type: 'string', describe: "DICOM / 16-bit PNG windowing: auto, full or CENTER,WIDTH (default: the model's, as trained)" });
}

/**
 * Adds `--backend`, `--engine` (`describe.engine` says what it trains) and `--window` (`describe.window` says whose
 * windowing it is, e.g. `saved with the model`).
 */
export function trainingOptions<T>(y: Argv<T>, describe: { engine: string; window: string }) {
  return backendOption(y)
    .option('engine', { choices: TRAINING_ENGINES, default: 'auto' as const, describe: describe.engine })
    .option('window', { type: 'string', default: 'auto', describe: `DICOM / 16-bit PNG windowing (${describe.window}): auto (the file's first VOI window, else its range; 16-bit PNG 0..65535), full (each image's value range) or CENTER,WIDTH` });
}

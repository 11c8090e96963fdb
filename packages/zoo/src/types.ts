import type { Preprocessing } from '@medimg/core';

/** The files of one zoo model, by format. */
export type ZooFormat = 'layers-model' | 'onnx' | 'int8';
export const ZOO_FORMATS: readonly ZooFormat[] = ['layers-model', 'onnx', 'int8'];

/** Headline metrics of one evaluation in the card. */
export interface CardMetrics {
  images: number;
  accuracy: number;
  auc: number;
  sensitivity: number;
  specificity: number;
}

/** The model card shipped beside a zoo model (card.json; MODEL_CARD.md is its human-readable form). */
export interface ZooCard {
  format: 'medimg-zoo-card@1';
  name: string;
  task: string;
  architecture: string;
  classNames: string[];
  positiveClass: number | null;
  preprocessing: Preprocessing;
  /** Decision threshold on the positive-class probability, chosen on validation. */
  threshold: number;
  /** How the threshold was chosen: the policy (youden, sensitivity:0.95, ...) and the set it was fitted on. */
  thresholdPolicy?: { name: string; on: string };
  /** The exact commands that produced the files (train, export, quantize), run from the repository root. */
  commands: { train: string; export: string[]; evaluate: string[] };
  /** Source commit, engine, backend, machine, seed, epochs. */
  training: Record<string, string | number | boolean | null>;
  metrics: {
    /** The held-out patient-grouped 10% of the train split (seed 42). */
    validation: CardMetrics;
    /** Mean over the shift-stress perturbations of the same validation images. */
    stressMean: CardMetrics;
    /** Per perturbation. */
    stress: Record<string, CardMetrics>;
    /** INT8 model on the same validation images. */
    int8Validation?: CardMetrics;
  };
  /** Sizes of the shipped files in bytes (the formats the model ships). */
  files: Partial<Record<ZooFormat, number>>;
  /** A seed ensemble: its members (one training command each; every member on the same validation split). */
  members?: { seed: number; train: string; validationAuc: number | null; bestEpoch: number }[];
  data: {
    name: string;
    license: string;
    doi: string;
    citation: string;
    paper: string;
    attribution: string;
  };
  intendedUse: string;
  limitations: string[];
}

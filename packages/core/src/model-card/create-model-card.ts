import type { Preprocessing } from '../types';
import { parseModelCard } from './parse-model-card';
import { MODEL_CARD_FORMAT, type ModelCard, type ModelProvenance, type SplitManifest, type ThresholdPolicy } from './types';

/** What `createModelCard` needs; everything else has a default. */
export interface ModelCardInput {
  architecture: string;
  classNames: readonly string[];
  preprocessing: Preprocessing;
  /** Default: null. */
  positiveClass?: number | null;
  /** Default 0.5 with policy `default`. */
  threshold?: number;
  thresholdPolicy?: ThresholdPolicy;
  operatingPoints?: ModelCard['operatingPoints'];
  split?: SplitManifest;
  /** Merged over { architecture, engine 'tfjs', backend 'unknown', epochs 0, commit null, datasetDigest null }. */
  provenance?: Partial<ModelProvenance>;
  metrics?: ModelCard['metrics'];
  calibration?: ModelCard['calibration'];
  config?: ModelCard['config'];
  precision?: string;
  ensemble?: ModelCard['ensemble'];
}

/** Builds a validated model card (throws a ModelIOError naming every bad field). */
export function createModelCard(input: ModelCardInput): ModelCard {
  const { preprocessing: pre } = input;
  const provenance: ModelProvenance = { architecture: input.architecture, engine: 'tfjs', backend: 'unknown', epochs: 0, commit: null, datasetDigest: null };
  for (const [key, value] of Object.entries(input.provenance ?? {})) if (value !== undefined) provenance[key] = value;
  const card: ModelCard = {
    format: MODEL_CARD_FORMAT,
    architecture: input.architecture,
    classNames: [...input.classNames],
    positiveClass: input.positiveClass ?? null,
    inputShape: [pre.imageSize, pre.imageSize, pre.channels],
    preprocessing: { ...pre },
    threshold: input.threshold ?? 0.5,
    thresholdPolicy: input.thresholdPolicy ?? { name: input.threshold === undefined ? 'default' : 'fixed' },
    provenance,
    ...(input.operatingPoints !== undefined ? { operatingPoints: { ...input.operatingPoints } } : {}),
    ...(input.split !== undefined ? { split: input.split } : {}),
    ...(input.metrics !== undefined ? { metrics: input.metrics } : {}),
    ...(input.calibration !== undefined ? { calibration: input.calibration } : {}),
    ...(input.config !== undefined ? { config: input.config } : {}),
    ...(input.precision !== undefined ? { precision: input.precision } : {}),
    ...(input.ensemble !== undefined ? { ensemble: input.ensemble } : {}),
  };
  return parseModelCard(card, 'createModelCard');
}

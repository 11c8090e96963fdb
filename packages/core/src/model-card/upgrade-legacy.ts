import { MODEL_CARD_FORMAT } from './types';

type Json = Record<string, unknown>;
type Fact = string | number | boolean | null;

/**
 * Upgrades `medimg-model@1` metadata (class names, preprocessing, threshold, free-form provenance) to a model card.
 * Its models expect pixels / 255 (`scale: 'unit'`); its threshold was chosen by Youden's J on validation (the only
 * policy `train` had), recorded as inferred. It has no split manifest: consumers that need one ask for flags.
 */
export function upgradeLegacyMetadata(v1: Json, _where: string): Json {
  const old = (typeof v1['provenance'] === 'object' && v1['provenance'] !== null ? v1['provenance'] : {}) as Record<string, unknown>;
  const facts: Record<string, Fact> = {};
  for (const [key, value] of Object.entries(old)) if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) facts[key] = value as Fact;
  const pre = (v1['preprocessing'] ?? {}) as Json;
  const epoch = typeof old['epoch'] === 'number' ? old['epoch'] : 0;
  return {
    ...v1,
    format: MODEL_CARD_FORMAT,
    inputShape: [pre['imageSize'], pre['imageSize'], pre['channels']],
    thresholdPolicy: { name: 'youden', on: 'validation', inferred: true },
    provenance: {
      ...facts,
      architecture: v1['architecture'],
      engine: 'tfjs',
      backend: typeof old['backend'] === 'string' ? old['backend'] : 'unknown',
      epochs: epoch,
      commit: null,
      datasetDigest: typeof old['datasetDigest'] === 'string' ? old['datasetDigest'] : null,
      upgradedFrom: 'medimg-model@1',
    },
  };
}

import type { ZooFormat } from './types';

/** A model shipped in the package: its folder under models/, the file of each format it ships, and the format `zoo:<name>` means. */
export interface ZooEntry {
  name: string;
  description: string;
  dir: string;
  /** The formats shipped (an ensemble of several networks has no single LayersModel). */
  files: Partial<Record<ZooFormat, string>>;
  /** What `zoo:<name>` without a format resolves to. */
  defaultFormat: ZooFormat;
  card: string;
}

/** Every model the package ships, by name (`zoo:<name>`). */
export const ZOO_MODELS: Readonly<Record<string, ZooEntry>> = {
  pneumonia: {
    name: 'pneumonia',
    description: 'Pneumonia vs normal on pediatric chest X-rays (Kermany et al.), grayscale, compact-cnn',
    dir: 'pneumonia',
    files: { 'layers-model': 'layers-model', onnx: 'model.onnx', int8: 'model.int8.onnx' },
    defaultFormat: 'layers-model',
    card: 'card.json',
  },
  'pneumonia-ensemble': {
    name: 'pneumonia-ensemble',
    description: 'Pneumonia vs normal: a seed ensemble of three compact-cnn networks of the zoo:pneumonia recipe in one ONNX graph (FP32 and INT8; fine-tune from zoo:pneumonia)',
    dir: 'pneumonia-ensemble',
    files: { onnx: 'model.onnx', int8: 'model.int8.onnx' },
    defaultFormat: 'onnx',
    card: 'card.json',
  },
};

/** The names of the shipped models. */
export function listZooModels(): string[] {
  return Object.keys(ZOO_MODELS);
}

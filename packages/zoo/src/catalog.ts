import type { ZooFormat } from './types';

/** A model shipped in the package: its folder under models/ and the file of each format. */
export interface ZooEntry {
  name: string;
  description: string;
  dir: string;
  files: Record<ZooFormat, string>;
  card: string;
}

/** Every model the package ships, by name (`zoo:<name>`). */
export const ZOO_MODELS: Readonly<Record<string, ZooEntry>> = {
  pneumonia: {
    name: 'pneumonia',
    description: 'Pneumonia vs normal on pediatric chest X-rays (Kermany et al.), grayscale, compact-cnn',
    dir: 'pneumonia',
    files: { 'layers-model': 'layers-model', onnx: 'model.onnx', int8: 'model.int8.onnx' },
    card: 'card.json',
  },
};

/** The names of the shipped models. */
export function listZooModels(): string[] {
  return Object.keys(ZOO_MODELS);
}

import type { BinaryMetrics } from '@medimg/metrics';

/** One model's metrics on one split, at its threshold. */
export interface ReportMetrics extends Omit<BinaryMetrics, 'confusion'> {
  images: number;
}

/** Everything the pipeline report shows. Built by the pipeline from its stages' result files. */

export interface ReportData {
  title: string;
  generatedAt: string;
  command: string;
  machine: { cpu: string; cores: number; node: string; platform: string };
  backend: string;
  dataset: {
    dataDir: string;
    synthetic: boolean;
    classNames: string[];
    /** Images per split and class. */
    counts: { split: string; className: string; images: number }[];
    skipped: number;
    decoder?: string;
    notes?: string[];
  };
  training: {
    architecture: string;
    epochs: number;
    batchSize: number;
    lr: number;
    imageSize: number;
    channels: number;
    seconds: number;
    imagesPerSecond: number;
    history: { epoch: number; loss: number; valLoss?: number; valAuc?: number; valAccuracy?: number }[];
  };
  evaluation: {
    split: string;
    fp32: ReportMetrics;
    int8?: ReportMetrics;
    roc: { fpr: number; tpr: number }[];
    confusion: { labels: string[]; matrix: number[][] };
  };
  quantization?: {
    method: string;
    ops: { opType: string; total: number; int8: number }[];
    fp32Bytes: number;
    int8Bytes: number;
    met: boolean;
    fallbackLayers: { node: string; reason: string }[];
  };
  benchmark?: { rows: { engine: string; batchSize: number; threads: number; latencyMs: number; throughput: number }[] };
}

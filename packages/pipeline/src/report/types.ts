import type { BinaryMetrics, Interval } from '@medimg/metrics';

/** Binary metrics without the confusion counts. */
export type ReportMetricsCore = Omit<BinaryMetrics, 'confusion'>;

/** One model's metrics on one split, at its threshold. */
export interface ReportMetrics extends ReportMetricsCore {
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
    /** ROC of the positive class (two classes); empty for more. */
    roc: { fpr: number; tpr: number }[];
    /**
     * More than two classes: each class's precision, recall, F1 and one-vs-rest ROC curve and AUC. The metrics above are
     * then argmax accuracy and the macro means (`sensitivity` = macro recall, `auc` = macro one-vs-rest AUC).
     */
    perClass?: { className: string; precision: number; recall: number; f1: number; auc: number; roc: { fpr: number; tpr: number }[] }[];
    /** confusion.matrix[true][predicted], N x N. */
    confusion: { labels: string[]; matrix: number[][] };
    /** FP32: 95% bootstrap intervals by metric name (accuracy, sensitivity, specificity, auc, ...). */
    intervals?: Record<string, Interval>;
    /** FP32 top-label calibration: ECE and reliability bins (confidence vs accuracy). */
    calibration?: { ece: number; bins: { lo: number; hi: number; count: number; confidence: number; accuracy: number }[] };
    /** FP32 probability histograms per true class (`scoreClass`: whose probability is binned). */
    histograms?: { edges: number[]; scoreClass: string; counts: number[][] };
    /** FP32 metrics at each operating point stored in the model card. */
    operatingPoints?: { policy: string; threshold: number; metrics: ReportMetricsCore }[];
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

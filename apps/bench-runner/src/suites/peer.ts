import { machineInfo, machineLine, type TrainingResult } from '@medimg/bench';
import { peerThreadCounts, runTorchCase, torchAvailable, type TorchResult } from '../peer/torch';
import { loadLine } from '../run-info';
import { caseLabel, selectCases, TRAINING_CASES } from '../training-cases';
import type { Suite, SuiteContext, SuiteOutput } from '../types';

const f = (x: number | null | undefined, d = 2): string => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));

/** One medimg (case, engine, backend) result beside PyTorch on the same case: what docs/benchmarks/peer.json rows hold. */
export interface PeerRow {
  network: string;
  batchSize: number;
  engine: string;
  backend: string;
  /** Trainable parameters of medimg's network (describeArchitecture) and of the module PyTorch built from it. */
  paramsMedimg: number;
  paramsPeer: number;
  medimgTrainImgPerSec: number;
  peerTrainImgPerSec: number;
  peerThreads: number;
  /** medimg / PyTorch; null (refused) unless both trainable parameter counts are equal. */
  trainRatio: number | null;
  medimgForwardImgPerSec: number | null;
  peerForwardImgPerSec: number | null;
  peerVersion: string;
  peerLoadAverage1m: number;
}

/** Pairs every PyTorch measurement with each medimg result of the same network (none: a row with medimg n/a). */
export function peerRows(torch: readonly TorchResult[], ours: readonly TrainingResult[]): PeerRow[] {
  const rows: PeerRow[] = [];
  for (const t of torch) {
    const c = TRAINING_CASES.find((x) => x.id === t.caseId);
    if (c === undefined) continue;
    const label = caseLabel(c);
    for (const r of ours.filter((x) => x.model.label === label)) {
      rows.push({
        network: label, batchSize: r.batchSize, engine: r.engine ?? 'tfjs', backend: r.backend, paramsMedimg: t.paramsMedimg, paramsPeer: t.paramsPeer,
        medimgTrainImgPerSec: r.trainImagesPerSecond, peerTrainImgPerSec: t.trainImagesPerSecond, peerThreads: t.threads,
        trainRatio: t.paramsMedimg === t.paramsPeer ? r.trainImagesPerSecond / t.trainImagesPerSecond : null,
        medimgForwardImgPerSec: r.forwardImagesPerSecond, peerForwardImgPerSec: t.forwardImagesPerSecond, peerVersion: t.version, peerLoadAverage1m: t.loadAverage1m,
      });
    }
  }
  return rows;
}

/**
 * Rows: one per medimg (case, engine, backend) measured in this run, beside PyTorch on the same case. A ratio is
 * printed only when both frameworks' trainable parameter counts are equal (the same network); otherwise the row says so.
 */
export function ratioTable(torch: readonly TorchResult[], tfjs: readonly TrainingResult[]): string {
  const rows: string[] = [];
  for (const t of torch) {
    const c = TRAINING_CASES.find((x) => x.id === t.caseId);
    if (c === undefined) continue;
    const label = caseLabel(c);
    const ours = tfjs.filter((r) => r.model.label === label);
    const same = t.paramsMedimg === t.paramsPeer;
    const ratio = (a: number | null, b: number | null): string => (!same ? 'refused: params differ' : a === null || b === null ? 'n/a' : f(a / b, 3));
    const head = `| ${label} | ${t.paramsMedimg} | ${t.paramsPeer} | ${t.batchSize} | ${t.threads} | ${f(t.trainImagesPerSecond)} | ${f(t.forwardImagesPerSecond)}`;
    if (ours.length === 0) rows.push(`${head} | (not run) | | | | | | |`);
    for (const r of ours) {
      rows.push(`${head} | ${r.engine ?? 'tfjs'} | ${r.backend} | ${r.batchSize} | ${f(r.trainImagesPerSecond)} | ${ratio(r.trainImagesPerSecond, t.trainImagesPerSecond)} | ${f(r.forwardImagesPerSecond)} | ${ratio(r.forwardImagesPerSecond, t.forwardImagesPerSecond)} |`);
    }
  }
  return [
    '| network | medimg trainable params | PyTorch trainable params | batch | PyTorch threads | PyTorch train img/s | PyTorch forward img/s | medimg engine | medimg backend | medimg batch | medimg train img/s | train ratio (medimg / PyTorch) | medimg forward img/s | forward ratio |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export const peerSuite: Suite = {
  name: 'peer',
  describe: 'the same networks in PyTorch (tools/peers/torch_bench.py), timed in the same run; ratios vs the training suite',
  async run(ctx: SuiteContext): Promise<SuiteOutput> {
    const available = await torchAvailable(ctx.python, ctx.peersDir);
    if ('reason' in available) {
      ctx.logger.warn(`peer skipped: ${available.reason}`);
      return { markdown: `## PyTorch peer\n\nSkipped: ${available.reason}.`, json: { skipped: available.reason } };
    }
    const interleaved = ctx.earlier.peer !== undefined;
    const results: TorchResult[] = ctx.earlier.peer ?? [];
    const notes: string[] = [];
    for (const c of interleaved ? [] : selectCases(ctx.caseFilter)) {
      const steps = c.steps[ctx.quick ? 0 : 1] ?? 1;
      ctx.logger.info(`peer: PyTorch ${available.version} ${caseLabel(c)} batch ${c.batchSize}, ${steps} steps`);
      for (const threads of peerThreadCounts()) {
        try {
          const r = await runTorchCase(ctx.python, ctx.peersDir, c, steps, threads);
          results.push(r);
          ctx.logger.info(`  PyTorch ${caseLabel(c)} (${threads} threads): ${r.trainImagesPerSecond.toFixed(2)} train images/s, ${r.forwardImagesPerSecond?.toFixed(2)} forward images/s; trainable params medimg ${r.paramsMedimg}, PyTorch ${r.paramsPeer}`);
        } catch (error) {
          notes.push(`- ${caseLabel(c)} (${threads} threads): PyTorch failed: ${(error as Error).message.split('\n')[0]}`);
        }
      }
    }
    const tfjs = ctx.earlier.training ?? [];
    const markdown = [
      '## PyTorch peer (side by side)',
      '',
      `PyTorch ${available.version} (CPU, ${peerThreadCounts().join(' and ')} thread(s), Adam, same batch and input; \`tools/peers/torch_bench.py\` builds each network from medimg's own layer list, \`describeArchitecture\` of @medimg/model),`,
      'both trainable parameter counts are printed and a ratio only where they are equal;',
      `measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine(machineInfo())}; ${loadLine()} at the end.`,
      tfjs.length > 0
        ? `The medimg columns are the training suite of the same run${interleaved ? ' (PyTorch ran right before each case, so both saw the same machine load)' : ''}; a ratio above 1 means medimg is faster.`
        : 'The training suite did not run in this invocation, so there are no ratios: run `--suite training,peer`.',
      "medimg's tfjs engine on wasm runs single-threaded (compare it with the 1-thread PyTorch rows); the onnxruntime engine uses",
      'every core, like PyTorch at all cores (compare it with those rows). On a shared machine multi-threaded runs lose more to other processes.',
      '',
      ratioTable(results, tfjs),
      ...(notes.length > 0 ? ['', ...notes] : []),
    ].join('\n');
    return { markdown, json: { rows: peerRows(results, tfjs), torch: results } };
  },
};

import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@medimg/core';
import { autoMicroBatchSize } from '@medimg/train';
import { benchmarkTraining, machineInfo, machineLine, trainingTable, type TrainingResult } from '@medimg/bench';
import { buildNet } from '../nets';
import { peerThreadCounts, runTorchCase, torchAvailable } from '../peer/torch';
import { backendDetails, loadLine } from '../run-info';
import { caseLabel, selectCases } from '../training-cases';
import { runOnnxruntimeCase } from '../engine-training';
import type { Suite, SuiteContext, SuiteOutput } from '../types';

/** Micro-batch that fits the wasm heap (as medimg train picks it), else the whole batch. */
function microBatchFor(model: tf.LayersModel, batchSize: number, backend: string): number {
  return backend === 'wasm' ? autoMicroBatchSize(model, batchSize) : batchSize;
}

export const trainingSuite: Suite = {
  name: 'training',
  describe: 'training and forward images/s per network and tfjs backend (custom optimizer.minimize loop)',
  async run(ctx: SuiteContext): Promise<SuiteOutput> {
    const results: TrainingResult[] = [];
    const notes: string[] = [];
    const backendLines = new Map<string, string>();
    const torch = ctx.interleavePeer && 'version' in (await torchAvailable(ctx.python, ctx.peersDir));
    if (torch) ctx.earlier.peer = [];
    for (const c of selectCases(ctx.caseFilter)) {
      if (torch) {
        ctx.logger.info(`peer (interleaved): PyTorch ${caseLabel(c)} batch ${c.batchSize}`);
        for (const threads of peerThreadCounts()) {
          try {
            ctx.earlier.peer?.push(await runTorchCase(ctx.python, ctx.peersDir, c, c.steps[ctx.quick ? 0 : 1] ?? 1, threads));
          } catch (error) {
            ctx.logger.error(`PyTorch ${caseLabel(c)} (${threads} threads) failed: ${(error as Error).message.split('\n')[0]}`);
          }
        }
      }
      if (ctx.engines.includes('onnxruntime')) {
        const where = `${caseLabel(c)} on onnxruntime`;
        const steps = c.steps[ctx.quick ? 0 : 1] ?? 1;
        ctx.logger.info(`training ${where}: batch ${c.batchSize}, ${steps} steps (${loadLine()})`);
        try {
          const r = await runOnnxruntimeCase(c, steps, ctx.logger, (s, ms) => ctx.logger.info(`  ${where} step ${s}: ${(ms / 1000).toFixed(2)} s`));
          if ('reason' in r) notes.push(`- ${where}: skipped (${r.reason})`);
          else {
            results.push(r);
            backendLines.set('onnxruntime', r.backend);
            ctx.logger.info(`  ${where}: ${r.trainImagesPerSecond.toFixed(2)} train images/s, ${r.forwardImagesPerSecond?.toFixed(2)} forward images/s`);
          }
        } catch (error) {
          notes.push(`- ${where}: failed: ${(error as Error).message.split('\n')[0]}`);
          ctx.logger.error(`${where} failed: ${(error as Error).message}`);
        }
      }
      for (const backend of c.backends.filter((b) => ctx.backends.includes(b) && ctx.engines.includes('tfjs'))) {
        const where = `${caseLabel(c)} on ${backend}`;
        try {
          await selectBackend({ backend, logger: ctx.logger });
        } catch (error) {
          notes.push(`- ${where}: skipped, backend unavailable (${(error as Error).message.split('\n')[0]})`);
          continue;
        }
        backendLines.set(backend, await backendDetails());
        const built = { model: buildNet(c.architecture, c.inputShape) };
        const steps = c.steps[ctx.quick ? 0 : 1] ?? 1;
        const slow = backend === 'cpu';
        const batchSize = slow ? c.cpuBatchSize : c.batchSize;
        const microBatchSize = microBatchFor(built.model, batchSize, backend);
        ctx.logger.info(`training ${where}: batch ${batchSize} (micro ${microBatchSize}), ${slow ? 1 : steps} steps`);
        try {
          const r = await benchmarkTraining({
            model: built.model,
            label: caseLabel(c),
            batchSize,
            microBatchSize,
            steps: slow ? 1 : steps,
            warmupSteps: slow ? 0 : 1,
            forwardSteps: slow ? 1 : steps,
            logger: ctx.logger,
            onStep: (s, ms) => ctx.logger.info(`  ${where} step ${s}: ${(ms / 1000).toFixed(1)} s`),
          });
          results.push(r);
          ctx.logger.info(`  ${where}: ${r.trainImagesPerSecond.toFixed(2)} train images/s, ${r.forwardImagesPerSecond?.toFixed(2)} forward images/s`);
          if (microBatchSize < batchSize) notes.push(`- ${where}: gradients accumulated over micro-batches of ${microBatchSize} (wasm heap limit).`);
        } catch (error) {
          notes.push(`- ${where}: failed: ${(error as Error).message.split('\n')[0]}`);
          ctx.logger.error(`${where} failed: ${(error as Error).message}`);
        } finally {
          built.model.dispose();
        }
      }
    }
    ctx.earlier.training = results;
    const markdown = [
      '## Training throughput (tfjs and onnxruntime engines)',
      '',
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine(machineInfo())}; ${loadLine()} at the end.`,
      `Backends: ${[...backendLines.values()].join('; ') || 'none'}. tfjs engine: custom loop, Adam (lr 1e-4), one fixed synthetic batch; onnxruntime engine: @medimg/train's training-step graph (forward, weighted cross-entropy, gradients, Adam) on one synthetic batch,`,
      `1 warm-up step (onnxruntime: 2, one per set of its ping-pong weight buffers), then timed steps (each waits for its loss); forward = inference-mode predict on the same batch.`,
      `Steps per case: ${ctx.quick ? 'quick run (few steps; read the step times in the JSON)' : 'full run'}; cpu cases run 1 timed step without warm-up at a small batch (the pure-JS backend is far slower: one refkit-cnn@128 step at batch 16 did not finish in 25 min here).`,
      '',
      results.length > 0 ? trainingTable(results) : '_No case ran._',
      ...(notes.length > 0 ? ['', ...notes] : []),
    ].join('\n');
    return { markdown, json: results };
  },
};

import * as tf from '@tensorflow/tfjs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { activeBackend, appendLineDurable, createRng, hashSeed, ValidationError, writeFileAtomic, createModelCard, currentGitCommit, pixelScaleOf, type ImageBatch, type ModelCard } from '@medimg/core';
import { resolvePositiveClass } from '@medimg/metrics';
import { getArchitecture } from '@medimg/model';
import { checkpointWriteError, commitCheckpoint, hasCheckpoint, readCheckpoint, readLiveWeights, restoreEpochArtifacts, saveEpochArtifacts, type CheckpointState } from './checkpoint';
import { emaDecay, swaDecay, type WeightAverage } from './ema';
import { materializeModels } from './materialize-models';
import { mixupBatch } from './mixup';
import { initialWeights } from './init-weights';
import { resolveClassWeights } from './class-weights';
import { autoMicroBatchSize } from './micro-batch';
import { resolveTrainOptions } from './resolve-options';
import { checkpointSettings, checkResumeSettings } from './resume-check';
import { initialSchedule, stepSchedule } from './schedule';
import { createEngine } from './engines/registry';
import type { EpochRecord, TrainOptions, TrainResult } from './types';
import { validateEpoch, type EpochValidation } from './validate-epoch';
import { thresholdPolicyRecord } from './threshold-policy-record';

const LOG = 'train-log.jsonl';

/**
 * The monitored value (lower is better). AUC and accuracy take few distinct values on a small validation set and
 * saturate at 1: ties are broken by the lower validation loss, scaled (<= 1e-7) below any AUC or accuracy step.
 */
export function monitoredValue(monitor: 'val_loss' | 'val_auc' | 'val_accuracy', record: EpochRecord): number {
  const val = record.val;
  if (val === undefined) return record.loss;
  const tieBreak = 1e-9 * Math.min(Math.max(val.loss, 0), 100);
  if (monitor === 'val_auc') return -(val.auc ?? val.accuracy) + tieBreak;
  if (monitor === 'val_accuracy') return -val.accuracy + tieBreak;
  return val.loss;
}

/**
 * Trains a registered architecture with Adam and class-weighted cross-entropy in a custom loop (gradient
 * accumulation over micro-batches), with an LR schedule, early stopping, per-epoch validation and threshold
 * choice, and an atomic checkpoint per epoch. Writes OUT/{best,last}/ (medimg models with metadata and
 * threshold), OUT/train-log.jsonl, OUT/checkpoint/ (for `resume`), OUT/result.json and OUT/data-report.json.
 * A run killed at any moment resumes from its last completed epoch with `resume: true`.
 *
 * OUT/best and OUT/last are rewritten only when their model changes: a resumed run whose epochs do not improve on
 * the best keeps OUT/best untouched, including a card that `medimg calibrate` re-fitted (threshold, operating points,
 * temperature). When a new epoch does replace a re-fitted card, the logger warns with the `medimg calibrate` command
 * that re-fits the new model (a re-fit belongs to the weights it was fitted on, so it is not carried over).
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const o = resolveTrainOptions(options);
  const { logger, callbacks, now } = o;
  const started = now();
  await mkdir(o.outDir, { recursive: true });
  const exists = await hasCheckpoint(o.outDir);
  if (exists && !o.resume) throw new ValidationError('train', [`${o.outDir} already holds a training run. Fix: pass resume (--resume) to continue it, or choose an empty outDir.`]);
  if (!exists && o.resume) throw new ValidationError('train', [`resume was asked but ${join(o.outDir, 'checkpoint', 'state.json')} does not exist. Fix: drop --resume to start a new run.`]);
  if (o.dataReport !== undefined) await writeFileAtomic(join(o.outDir, 'data-report.json'), JSON.stringify(o.dataReport, null, 2));
  const numClasses = o.classNames.length;
  const positiveClass = resolvePositiveClass(o.classNames, o.positiveClass);
  const weights = resolveClassWeights(o.classWeights, o.train.labels, numClasses);
  const backend = activeBackend();
  const optimizer = tf.train.adam(o.lr);
  let model: tf.LayersModel;
  let state: CheckpointState;
  if (o.resume) {
    const saved = await readCheckpoint(o.outDir);
    checkResumeSettings(o.outDir, checkpointSettings(saved), { architecture: o.architecture, seed: o.seed, batchSize: o.batchSize, ...(o.split !== undefined ? { split: o.split } : {}) });
    model = await restoreEpochArtifacts(o.outDir, saved, optimizer);
    state = { ...saved, stoppedEarly: saved.stoppedEarly };
    if ((o.ema > 0) !== (saved.emaUpdates !== undefined)) throw new ValidationError('train', [`the checkpoint in ${o.outDir} was trained ${saved.emaUpdates !== undefined ? 'with' : 'without'} ema. Fix: resume with the same --ema as the run.`]);
    if ((saved.swa?.start ?? 0) !== o.swaStart) throw new ValidationError('train', [`the checkpoint in ${o.outDir} was trained with swaStart ${saved.swa?.start ?? 0}, this run asks for ${o.swaStart}. Fix: resume with --swa-start ${saved.swa?.start ?? 0} (0 = off), as the run.`]);
    await writeFileAtomic(join(o.outDir, LOG), state.history.map((r) => JSON.stringify(r) + '\n').join(''));
    await materializeModels(o.outDir, state, logger);
    logger.info(`resuming ${o.architecture} after epoch ${state.epoch}`, { epoch: state.epoch, lr: state.schedule.lr });
  } else {
    model = getArchitecture(o.architecture)({ inputShape: [...o.train.shape], numClasses, seed: o.seed });
    if (o.init !== undefined) {
      const init = await initialWeights(o.init, { architecture: o.architecture, inputShape: o.train.shape, classNames: o.classNames });
      model.setWeights(init);
      tf.dispose(init);
      logger.info(`initialised ${o.architecture} from ${o.init}`);
    }
    const micro = o.microBatchSize === 'auto' ? autoMicroBatchSize(model, o.batchSize) : Math.min(o.microBatchSize, o.batchSize);
    state = {
      format: 'medimg-checkpoint@1', architecture: o.architecture, epoch: 0, dir: '', bestDir: '', bestEpoch: 0, bestValue: Infinity, wait: 0,
      schedule: initialSchedule(o.schedule, o.lr), microBatchSize: micro, seed: o.seed, batchSize: o.batchSize, ...(o.split !== undefined ? { split: o.split } : {}),
      warmupSeconds: 0, trainSeconds: 0, trainImages: 0, stoppedEarly: false, history: [],
      ...(o.ema > 0 ? { emaUpdates: 0 } : {}),
      ...(o.swaStart > 0 ? { swa: { start: o.swaStart, updates: 0 } } : {}),
    };
  }
  const scale = pixelScaleOf(model);
  const preprocessing = { ...o.preprocessing, scale };
  const given = o.provenance['commit'];
  const commit = typeof given === 'string' || given === null ? given : currentGitCommit();
  // With a weight average the saved model holds the average; training continues from the live weights, so a
  // resumed run puts those into the model before the engine reads it, and starts the average at the saved one.
  let averageStart: tf.Tensor[] | undefined;
  if (o.resume && (o.ema > 0 || (state.swa?.updates ?? 0) > 0)) {
    averageStart = model.weights.map((w) => w.read().clone());
    const live = await readLiveWeights(o.outDir, state);
    model.setWeights(live);
    tf.dispose(live);
  }
  const engine = await createEngine(o.engine, { model, optimizer, classWeights: weights, batchSize: o.batchSize, microBatchSize: state.microBatchSize, labelSmoothing: o.labelSmoothing, logger, ...(o.threads === undefined ? {} : { threads: o.threads }) });
  // ema: updated after every batch; swa: at the end of every epoch from swaStart on.
  let average: WeightAverage | undefined;
  try {
    if (o.ema > 0) average = engine.weightAverage(emaDecay(o.ema), state.emaUpdates ?? 0, averageStart);
    else if (o.swaStart > 0) average = engine.weightAverage(swaDecay, state.swa?.updates ?? 0, averageStart);
  } catch (error) {
    await engine.dispose();
    throw error;
  } finally {
    tf.dispose(averageStart);
  }
  const micro = engine.microBatchSize;
  const recipe = [o.labelSmoothing > 0 ? `label smoothing ${o.labelSmoothing}` : '', o.mixup > 0 ? `mixup ${o.mixup}` : '', o.ema > 0 ? `ema ${o.ema}` : '', o.swaStart > 0 ? `swa from epoch ${o.swaStart}` : ''].filter((r) => r !== '');
  logger.info(`training ${o.architecture} with ${engine.name} (${engine.description}): ${o.train.size} images, batch ${o.batchSize} (micro-batch ${micro}), epochs ${o.epochs}${recipe.length > 0 ? `, ${recipe.join(', ')}` : ''}`, { classWeights: weights, labelSmoothing: o.labelSmoothing, mixup: o.mixup, ema: o.ema, swaStart: o.swaStart });
  const batches = Math.ceil(o.train.size / o.batchSize);
  const firstEpoch = state.epoch + 1;
  let epochsThisRun = 0;
  try {
    for (let epoch = firstEpoch; epoch <= o.epochs && !state.stoppedEarly; epoch++) {
      engine.setLearningRate(state.schedule.lr);
      const t0 = now();
      let lossSum = 0;
      let images = 0;
      let batch = 0;
      let dataMs = 0;
      // Dropout masks come from this epoch's stream: reproducible runs, and a resumed epoch replays exactly.
      const dropoutRng = createRng(hashSeed(`${o.seed}:${epoch}`));
      // Mixup partners and coefficients likewise.
      const mixupRng = o.mixup > 0 ? createRng(hashSeed(`${o.seed}:mixup:${epoch}`)) : undefined;
      const epochBatches = (): AsyncIterable<ImageBatch> => o.train.batches({ batchSize: o.batchSize, shuffleSeed: o.seed, epoch, ...(o.augment ? { transform: o.augment } : {}) });
      const source = epochBatches()[Symbol.asyncIterator]();
      // One batch ahead: the next batch is read, normalised and augmented on this thread while an engine that
      // computes off it (onnxruntime) runs the current step. The batches and their order are the same either way.
      let pending = source.next();
      for (;;) {
        // Time spent waiting for the next batch (decode, augmentation, batching): the data path's share of the epoch.
        const waitStart = now();
        const next = await pending;
        dataMs += now() - waitStart;
        if (next.done === true) break;
        pending = source.next();
        pending.catch(() => undefined); // a failure surfaces at its await above, not as an unhandled rejection
        const b = next.value;
        const mixed = mixupRng === undefined ? undefined : mixupBatch(b, mixupRng, o.mixup, weights, o.labelSmoothing);
        lossSum += (await engine.step(mixed?.batch ?? b, dropoutRng, mixed?.targets)) * b.size;
        if (o.ema > 0) average?.update();
        images += b.size;
        batch++;
        const elapsed = (now() - t0) / 1000;
        const perBatch = elapsed / batch;
        const progress = { epoch, epochs: o.epochs, batch, batches, loss: lossSum / images, imagesPerSecond: images / Math.max(elapsed, 1e-9), etaSeconds: perBatch * (batches - batch + (o.epochs - epoch) * batches) };
        callbacks.onBatchEnd?.(progress);
        callbacks.onProgress?.({ ...progress, phase: 'train' });
      }
      const seconds = (now() - t0) / 1000;
      const warmup = epoch <= o.warmupEpochs;
      if (o.swaStart > 0 && epoch >= o.swaStart) average?.update(); // one snapshot per epoch end
      await engine.sync(); // the model holds the live weights (and the optimizer its state) from here on
      const averaging = average !== undefined && average.updates > 0;
      const live = averaging ? model.weights.map((w) => w.read().clone()) : undefined;
      const restoreLive = averaging ? average?.swapIn() : undefined; // the model and the engine's predictor hold the average until restored
      let statsSeconds: number | undefined;
      if (averaging && o.swaStart > 0) {
        // The averaged weights' batch-norm statistics: a training-mode pass over this epoch's batches (not mixed).
        const s0 = now();
        await engine.updateBatchStats(epochBatches(), createRng(hashSeed(`${o.seed}:swa-bn:${epoch}`)));
        statsSeconds = (now() - s0) / 1000;
      }
      let validation: EpochValidation | undefined;
      if (o.validation !== undefined) validation = await validateEpoch(engine.predictor(), o.validation, positiveClass, o.batchSize, o.thresholdPolicies, o.thresholdSet);
      const record: EpochRecord = {
        epoch, loss: lossSum / Math.max(images, 1), lr: state.schedule.lr, seconds, imagesPerSecond: images / Math.max(seconds, 1e-9),
        dataSeconds: dataMs / 1000, ...(statsSeconds !== undefined ? { statsSeconds } : {}), warmup, backend, engine: engine.name, microBatchSize: micro, ...(validation ? { val: validation.val } : {}), improved: false,
      };
      const value = monitoredValue(o.monitor, record);
      record.improved = value < state.bestValue || state.bestEpoch === 0;
      const dir = `epoch-${epoch}`;
      const metadata: ModelCard = createModelCard({
        architecture: o.architecture, classNames: o.classNames, positiveClass, preprocessing,
        threshold: validation?.threshold ?? 0.5,
        thresholdPolicy: validation?.operatingPoints !== undefined ? thresholdPolicyRecord(o.thresholdPolicy, o.thresholdSet, validation.images) : { name: 'default' },
        ...(validation?.operatingPoints !== undefined ? { operatingPoints: validation.operatingPoints } : {}),
        ...(validation !== undefined ? { calibration: { temperature: validation.temperature, method: 'temperature-scaling', on: o.thresholdSet?.name ?? 'validation' } } : {}),
        ...(o.split !== undefined ? { split: o.split } : {}),
        provenance: {
          ...o.provenance, architecture: o.architecture, engine: engine.name, backend, epochs: epoch, commit, datasetDigest: o.datasetDigest ?? null,
          seed: o.seed, epoch, batchSize: o.batchSize, lr: o.lr, ...(o.split !== undefined ? { valSplit: o.split.valSplit } : {}),
          labelSmoothing: o.labelSmoothing, mixup: o.mixup, ema: o.ema, swaStart: o.swaStart, ...(o.init !== undefined ? { init: o.init } : {}),
        },
        ...(validation !== undefined ? { metrics: { validation: { images: o.validation?.size ?? 0, ...validation.val }, ...(validation.pooled !== undefined ? { [o.thresholdSet?.name ?? 'pooled']: validation.pooled } : {}) } } : {}),
        ...(o.config !== undefined ? { config: o.config } : {}),
      });
      const committed = state.epoch;
      try {
        await saveEpochArtifacts(o.outDir, dir, model, optimizer, metadata, live);
      } catch (error) {
        throw checkpointWriteError(error, o.outDir, epoch, committed);
      } finally {
        restoreLive?.();
        tf.dispose(live);
      }
      const wait = record.improved ? 0 : state.wait + 1;
      state = {
        ...state, epoch, dir,
        ...(record.improved ? { bestDir: dir, bestEpoch: epoch, bestValue: value } : {}),
        wait,
        stoppedEarly: o.validation !== undefined && o.earlyStoppingPatience > 0 && wait >= o.earlyStoppingPatience,
        schedule: stepSchedule(state.schedule, epoch, o.epochs, value),
        warmupSeconds: state.warmupSeconds + (warmup ? seconds : 0),
        trainSeconds: state.trainSeconds + (warmup ? 0 : seconds),
        trainImages: state.trainImages + (warmup ? 0 : images),
        history: [...state.history, record],
        ...(average !== undefined && o.ema > 0 ? { emaUpdates: average.updates } : {}),
        ...(average !== undefined && o.swaStart > 0 ? { swa: { start: o.swaStart, updates: average.updates } } : {}),
      };
      try {
        await commitCheckpoint(o.outDir, state);
      } catch (error) {
        throw checkpointWriteError(error, o.outDir, epoch, committed);
      }
      await appendLineDurable(join(o.outDir, LOG), JSON.stringify(record));
      await materializeModels(o.outDir, state, logger);
      epochsThisRun++;
      logger.info(
        `epoch ${epoch}/${o.epochs} loss ${record.loss.toFixed(4)}${record.val ? ` val_loss ${record.val.loss.toFixed(4)} val_acc ${record.val.accuracy.toFixed(4)}${record.val.auc !== undefined ? ` val_auc ${record.val.auc.toFixed(4)}` : ''}` : ''} lr ${record.lr.toExponential(2)} ${record.imagesPerSecond.toFixed(1)} img/s (data ${((100 * (record.dataSeconds ?? 0)) / Math.max(record.seconds, 1e-9)).toFixed(0)}%)${record.improved ? ' *' : ''}`,
        { ...record },
      );
      callbacks.onEpochEnd?.(record);
      if (state.stoppedEarly) logger.info(`early stopping after epoch ${epoch}: no improvement of ${o.monitor} for ${wait} epochs`);
    }
  } finally {
    average?.dispose();
    await engine.dispose();
    model.dispose();
    optimizer.dispose();
  }
  const bestRecord = state.history.find((r) => r.epoch === state.bestEpoch);
  const result: TrainResult = {
    outDir: o.outDir, architecture: o.architecture, epochsRun: state.epoch, epochsThisRun, stoppedEarly: state.stoppedEarly, bestEpoch: state.bestEpoch,
    threshold: bestRecord?.val?.threshold ?? 0.5, microBatchSize: micro, backend, engine: engine.name,
    timing: { warmupSeconds: state.warmupSeconds, trainSeconds: state.trainSeconds, totalSeconds: (now() - started) / 1000, imagesPerSecond: state.trainSeconds > 0 ? state.trainImages / state.trainSeconds : 0 },
    history: state.history,
  };
  if (bestRecord?.val !== undefined) result.best = bestRecord.val;
  await writeFileAtomic(join(o.outDir, 'result.json'), JSON.stringify(result, null, 2));
  return result;
}

#!/usr/bin/env node
// Fills packages/zoo/models/<name>/ from a finished training run, its ONNX exports and evaluations:
//   node tools/scripts/build-zoo-model.cjs --name pneumonia --run RUN_DIR --onnx model.onnx --int8 model.int8.onnx \
//     --eval eval.json --int8-eval eval-int8.json --export-commands cmds.txt --commit SHA --machine "..."
// --train-commands FILE (optional) replaces the recorded command line (e.g. a run resumed with other flags).
// eval.json is `medimg evaluate --split validation --stress --json` of RUN_DIR/best; eval-int8.json the same for the INT8 model.
// Writes layers-model/, model.onnx, model.int8.onnx, card.json, MODEL_CARD.md and DATA-LICENSE.md.
// A seed ensemble (`medimg ensemble`, then calibrate and quantize): --ensemble RUN1,RUN2,... instead of --run, and
// --train-commands FILE with one member's train command per line; it ships model.onnx and model.int8.onnx only (the
// card, read from the ONNX file's metadata, lists the members). Needs the built @medimg/onnx (npx nx run onnx:build).
const fs = require('node:fs');
const path = require('node:path');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const ensembleRuns = args.ensemble === undefined ? undefined : args.ensemble.split(',');
for (const k of ['name', ensembleRuns === undefined ? 'run' : 'train-commands', 'onnx', 'int8', 'eval', 'int8-eval', 'export-commands', 'commit', 'machine']) {
  if (args[k] === undefined) throw new Error(`build-zoo-model: missing --${k}`);
}
const out = path.join(__dirname, '../../packages/zoo/models', args.name);
// A member is a training run (RUN/best, RUN/result.json) or a model directory (e.g. packages/zoo/models/pneumonia/layers-model).
const runCard = (run) => JSON.parse(fs.readFileSync(fs.existsSync(path.join(run, 'best')) ? path.join(run, 'best', 'model.json') : path.join(run, 'model.json'), 'utf8')).userDefinedMetadata.medimg;
const runResult = (run) => (fs.existsSync(path.join(run, 'result.json')) ? JSON.parse(fs.readFileSync(path.join(run, 'result.json'), 'utf8')) : undefined);
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
if (ensembleRuns === undefined) {
  const best = path.join(args.run, 'best');
  fs.mkdirSync(path.join(out, 'layers-model'));
  for (const f of fs.readdirSync(best)) fs.copyFileSync(path.join(best, f), path.join(out, 'layers-model', f));
}
fs.copyFileSync(args.onnx, path.join(out, 'model.onnx'));
fs.copyFileSync(args.int8, path.join(out, 'model.int8.onnx'));

const onnxCard = () => {
  const { decodeModelInfo } = require('../../packages/onnx/dist/index.cjs');
  const info = decodeModelInfo(fs.readFileSync(args.onnx));
  return JSON.parse(info.metadataProps.find((p) => p.key === 'medimg').value);
};
const trainCommands = args['train-commands'] ? fs.readFileSync(args['train-commands'], 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '') : undefined;
// Each member's card and run record, read once.
const memberFiles = ensembleRuns?.map((run) => ({ card: runCard(run), result: runResult(run) }));
const members = memberFiles?.map(({ card, result }, i) => ({ seed: card.provenance.seed, train: trainCommands[i] ?? card.provenance.command, validationAuc: card.metrics?.validation?.auc ?? null, bestEpoch: result?.bestEpoch ?? card.provenance.epoch }));
const meta = memberFiles === undefined ? runCard(args.run) : { ...onnxCard(), provenance: { ...memberFiles[0].card.provenance, seed: members.map((m) => m.seed).join('+') } };
const result = memberFiles === undefined ? runResult(args.run) : (() => {
  const known = memberFiles.map((m) => m.result).filter((r) => r !== undefined);
  return { epochsRun: known[0]?.epochsRun ?? memberFiles[0].card.provenance.epochs, bestEpoch: members.map((m) => m.bestEpoch).join('/'), timing: { trainSeconds: known.reduce((s, r) => s + r.timing.trainSeconds, 0), runs: known.length } };
})();
const evaluation = JSON.parse(fs.readFileSync(args.eval, 'utf8'));
const int8 = JSON.parse(fs.readFileSync(args['int8-eval'], 'utf8'));
const pick = (e) => ({ images: e.images ?? e.images, accuracy: e.accuracy, auc: e.auc, sensitivity: e.sensitivity, specificity: e.specificity });
const plain = (e) => ({ images: e.images, accuracy: e.binary.accuracy, auc: e.binary.auc, sensitivity: e.binary.sensitivity, specificity: e.binary.specificity });
const policyText = (p) => {
  const name = p?.name ?? 'youden';
  const rule = name === 'youden' ? "Youden's J" : name.startsWith('sensitivity:') ? `sensitivity >= ${name.slice(12)}` : name.startsWith('specificity:') ? `specificity >= ${name.slice(12)}` : name;
  const on = (p?.on ?? 'validation') === 'validation' ? 'on validation'
    : p.on === 'stress' ? `on validation pooled with its shift-stress variants (${p.stress?.perturbations?.join(', ') ?? 'all'}; ${p.images ?? '?'} images)` : `on ${p.on}`;
  return `${rule} ${on}`;
};
const engineText = (p) => (p.engine === 'onnxruntime' ? 'onnxruntime training engine (onnxruntime-node)' : `tfjs ${p.backend}${p.simd ? ' + SIMD' : ''}`);
const size = (f) => fs.statSync(f).size;
const dirSize = (d) => fs.readdirSync(d).reduce((s, f) => s + size(path.join(d, f)), 0);
const exportCommands = fs.readFileSync(args['export-commands'], 'utf8').split('\n').filter((l) => l.trim() !== '');

const data = {
  name: 'Labeled Optical Coherence Tomography (OCT) and Chest X-Ray Images for Classification (chest_xray)',
  license: 'CC BY 4.0',
  doi: '10.17632/rscbjbr9sj.2',
  citation: 'Kermany, D., Zhang, K., Goldbaum, M. (2018). Labeled Optical Coherence Tomography (OCT) and Chest X-Ray Images for Classification. Mendeley Data, v2. doi:10.17632/rscbjbr9sj.2',
  paper: 'Kermany, D. S., Goldbaum, M., et al. (2018). Identifying Medical Diagnoses and Treatable Diseases by Image-Based Deep Learning. Cell 172(5), 1122-1131. doi:10.1016/j.cell.2018.02.010',
  attribution: 'The weights were trained on the train split of the chest_xray images of Kermany, Zhang and Goldbaum (Mendeley Data v2, doi:10.17632/rscbjbr9sj.2), licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). The images are not redistributed here.',
};
const card = {
  format: 'medimg-zoo-card@1',
  name: args.name,
  task: 'Binary classification of pediatric chest X-rays: PNEUMONIA vs NORMAL',
  architecture: meta.architecture,
  classNames: meta.classNames,
  positiveClass: meta.positiveClass,
  preprocessing: meta.preprocessing,
  threshold: meta.threshold,
  thresholdPolicy: meta.thresholdPolicy ?? { name: 'youden', on: 'validation' },
  commands: { train: trainCommands !== undefined ? trainCommands.join('\n') : meta.provenance.command, export: exportCommands, evaluate: [`medimg evaluate --model zoo:${args.name} --data-dir /data/chest_xray --split validation --stress`] },
  training: {
    commit: args.commit, machine: args.machine, engine: meta.provenance.engine ?? 'tfjs', backend: meta.provenance.backend, simd: meta.provenance.simd ?? null,
    seed: meta.provenance.seed, epochs: result.epochsRun, bestEpoch: result.bestEpoch, batchSize: meta.provenance.batchSize, lr: meta.provenance.lr,
    labelSmoothing: meta.provenance.labelSmoothing ?? 0, mixup: meta.provenance.mixup ?? 0, ema: meta.provenance.ema ?? 0, swaStart: meta.provenance.swaStart ?? 0, augmentPreset: meta.provenance.augmentPreset ?? 'standard',
    trainSeconds: Math.round(result.timing.trainSeconds), valSplit: meta.provenance.valSplit,
  },
  metrics: {
    validation: plain(evaluation),
    stressMean: { ...pick(evaluation.stress.mean), images: evaluation.images },
    stress: Object.fromEntries(evaluation.stress.rows.map((r) => [r.name, pick(r)])),
    int8Validation: plain(int8),
  },
  files: { ...(ensembleRuns === undefined ? { 'layers-model': dirSize(path.join(out, 'layers-model')) } : {}), onnx: size(path.join(out, 'model.onnx')), int8: size(path.join(out, 'model.int8.onnx')) },
  ...(members === undefined ? {} : { members }),
  data,
  intendedUse: 'Research and engineering demonstrations of the medimg toolkit (pipelines, export, quantization, serving). Not a medical device; not for diagnosis.',
  limitations: [
    'Trained on pediatric (ages 1-5) anterior-posterior chest X-rays from one hospital (Guangzhou Women and Children\'s Medical Center); adult or other-site images are out of distribution.',
    'Metrics above are on a patient-grouped 10% validation split of the training images and on synthetic acquisition changes of those images; the official test split was acquired apart and is measured independently.',
    `The threshold was chosen by ${policyText(meta.thresholdPolicy)}; the operating point on new data needs to be re-checked.`,
  ],
};
fs.writeFileSync(path.join(out, 'card.json'), JSON.stringify(card, null, 2) + '\n');

const pct = (x) => (100 * x).toFixed(2) + '%';
const row = (n, m) => `| ${n} | ${m.images} | ${pct(m.accuracy)} | ${m.auc.toFixed(4)} | ${pct(m.sensitivity)} | ${pct(m.specificity)} |`;
const md = `# Model card: zoo:${args.name}

${card.task}. Architecture \`${card.architecture}\`, input ${meta.preprocessing.imageSize}x${meta.preprocessing.imageSize}x${meta.preprocessing.channels}
(resize \`${meta.preprocessing.resize}\`, intensity normalisation \`${meta.preprocessing.normalize ?? 'none'}\` per image, then /255), classes
${card.classNames.join(', ')}, positive class ${card.classNames[card.positiveClass]}, decision threshold ${card.threshold.toFixed(4)} (${policyText(meta.thresholdPolicy)}).

${members === undefined ? `Files: \`layers-model/\` (tfjs LayersModel, ${card.files['layers-model']} bytes), \`model.onnx\` (FP32, ${card.files.onnx} bytes),
\`model.int8.onnx\` (INT8 QDQ, ${card.files.int8} bytes). Use: \`medimg predict --model zoo:${args.name} IMAGE\`
(also \`zoo:${args.name}/onnx\`, \`zoo:${args.name}/int8\`); fine-tune: \`medimg train --init zoo:${args.name} --data-dir DIR --out OUT\`.` : `A seed ensemble of ${members.length} networks (training seeds ${members.map((m) => m.seed).join(', ')}, all on the validation split of seed ${meta.split?.seed ?? '?'}) in one ONNX graph: the mean of the members'
probabilities. Files: \`model.onnx\` (FP32, ${card.files.onnx} bytes), \`model.int8.onnx\` (INT8 QDQ, ${card.files.int8} bytes); no LayersModel (an
average of networks is not one trainable network: fine-tune from \`zoo:pneumonia\`, the member of seed ${members[0].seed}).
Use: \`medimg predict --model zoo:${args.name} IMAGE\` (the FP32 graph; also \`zoo:${args.name}/int8\`).

| member seed | best epoch | validation AUC |
| --- | --- | --- |
${members.map((m) => `| ${m.seed} | ${m.bestEpoch} | ${m.validationAuc === null ? '-' : m.validationAuc.toFixed(4)} |`).join('\n')}`}

## How it was trained
\`\`\`
${card.commands.train}
${exportCommands.join('\n')}
\`\`\`
Commit ${args.commit}; ${args.machine}; ${engineText(meta.provenance)}; best epoch ${result.bestEpoch} of ${result.epochsRun}
(by validation AUC); ${Math.round(result.timing.trainSeconds)} s of training passes${members === undefined ? '' : ` (the ${result.timing.runs} of ${members.length} members trained for this entry; the first member is zoo:pneumonia's network)`}.

## Validation (patient-grouped 10% of train, seed 42) and shift-stress validation
| set | images | accuracy | AUC | sensitivity | specificity |
| --- | --- | --- | --- | --- | --- |
${row('validation (FP32)', card.metrics.validation)}
${row('validation (INT8)', card.metrics.int8Validation)}
${Object.entries(card.metrics.stress).map(([n, m]) => row(`stress: ${n}`, m)).join('\n')}
${row('**stress mean**', card.metrics.stressMean)}

## Intended use
${card.intendedUse}

## Limitations
${card.limitations.map((l) => `- ${l}`).join('\n')}

## Data and attribution
${data.attribution}

- Dataset: ${data.citation}
- Paper: ${data.paper}
`;
fs.writeFileSync(path.join(out, 'MODEL_CARD.md'), md);
fs.writeFileSync(path.join(out, 'DATA-LICENSE.md'), `# Training data licence\n\n${data.attribution}\n\n${data.citation}\n\n${data.paper}\n`);
process.stdout.write(`wrote ${out}\n`);

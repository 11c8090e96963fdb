import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModelInfo } from '@medimg/onnx';
import { listZooModels, parseZooSpec, readZooCard, zooModelPath, ZOO_FORMATS, ZOO_MODELS, type ZooFormat } from './index';

const MB = 1024 * 1024;
const sizeOf = (p: string): number => (statSync(p).isDirectory() ? readdirSync(p).reduce((s, f) => s + statSync(join(p, f)).size, 0) : statSync(p).size);

describe('@medimg/zoo', () => {
  it('ships the pneumonia model and its seed ensemble', () => {
    expect(listZooModels()).toEqual(['pneumonia', 'pneumonia-ensemble']);
    expect(Object.keys(ZOO_MODELS['pneumonia']!.files)).toEqual(['layers-model', 'onnx', 'int8']);
    expect(Object.keys(ZOO_MODELS['pneumonia-ensemble']!.files)).toEqual(['onnx', 'int8']);
  });

  it.each(listZooModels())('ships %s small, in the formats of its entry, with a card that agrees with every file', (name) => {
    const entry = ZOO_MODELS[name]!;
    const card = readZooCard(`zoo:${name}`);
    expect(card.name).toBe(name);
    const shipped = Object.keys(entry.files) as ZooFormat[];
    expect(Object.keys(card.files).sort()).toEqual([...shipped].sort());
    if (entry.files['layers-model'] !== undefined) {
      const layers = JSON.parse(readFileSync(join(zooModelPath(`zoo:${name}/layers-model`), 'model.json'), 'utf8')) as { userDefinedMetadata: { medimg: Record<string, unknown> } };
      expect(layers.userDefinedMetadata.medimg).toMatchObject({ architecture: card.architecture, classNames: card.classNames, positiveClass: card.positiveClass, preprocessing: card.preprocessing, threshold: card.threshold });
    }
    for (const format of ZOO_FORMATS) {
      if (!shipped.includes(format)) {
        expect(() => zooModelPath(`zoo:${name}/${format}`)).toThrow(new RegExp(`ships no ${format}`));
        continue;
      }
      const path = zooModelPath(`zoo:${name}/${format}`);
      expect({ format, bytes: sizeOf(path) }).toEqual({ format, bytes: card.files[format] });
      expect(card.files[format]).toBeLessThan(4 * MB);
      if (format === 'layers-model') continue;
      const info = decodeModelInfo(readFileSync(path));
      const meta = JSON.parse(info.metadataProps.find((p) => p.key === 'medimg')!.value) as Record<string, unknown>;
      expect(meta).toMatchObject({ architecture: card.architecture, classNames: card.classNames, preprocessing: card.preprocessing, threshold: card.threshold });
    }
    expect(card.files.int8!).toBeLessThan(card.files.onnx! / 2);
    expect(card.classNames).toEqual(['NORMAL', 'PNEUMONIA']);
    // attribution and provenance
    expect(card.data).toMatchObject({ license: 'CC BY 4.0', doi: '10.17632/rscbjbr9sj.2' });
    expect(card.data.paper).toMatch(/10\.1016\/j\.cell\.2018\.02\.010/);
    expect(card.commands.train).toMatch(/^medimg train .*--data-dir .*--seed \d+/);
    expect(card.commands.export.join('\n')).toMatch(/medimg quantize/);
    if (card.members !== undefined) {
      // an ensemble: every member trained by its own command, each on the split of the first (--split-seed)
      expect(card.architecture).toMatch(/^ensemble\(compact-cnn x\d\)$/);
      expect(card.members.length).toBeGreaterThanOrEqual(2);
      expect(new Set(card.members.map((m) => m.seed)).size).toBe(card.members.length);
      expect(card.commands.train.split('\n')).toHaveLength(card.members.length);
      expect(card.commands.export.join('\n')).toMatch(/medimg ensemble[\s\S]*medimg calibrate[\s\S]*medimg quantize/);
    } else {
      expect(card.commands.export.join('\n')).toMatch(/medimg export-onnx[\s\S]*medimg quantize/);
    }
    // validation numbers are real measurements in range, and the stress mean is the mean of the stress rows
    for (const m of [card.metrics.validation, card.metrics.stressMean, ...Object.values(card.metrics.stress)]) {
      for (const v of [m.accuracy, m.auc, m.sensitivity, m.specificity]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(m.images).toBe(card.metrics.validation.images);
    }
    expect(card.metrics.validation.auc).toBeGreaterThan(0.95);
    expect(card.metrics.stressMean.auc).toBeGreaterThan(0.95);
    const rows = Object.values(card.metrics.stress);
    expect(rows.length).toBeGreaterThanOrEqual(7);
    expect(card.metrics.stressMean.auc).toBeCloseTo(rows.reduce((s, r) => s + r.auc, 0) / rows.length, 6);
    expect(readFileSync(join(zooModelPath(`zoo:${name}/onnx`), '..', 'DATA-LICENSE.md'), 'utf8')).toMatch(/CC BY 4\.0[\s\S]*rscbjbr9sj\.2/);
  });

  it('parses zoo specs and rejects unknown names and formats with what exists', () => {
    expect(parseZooSpec('zoo:pneumonia')).toEqual({ name: 'pneumonia', format: 'layers-model' });
    expect(parseZooSpec('zoo:pneumonia/int8')).toEqual({ name: 'pneumonia', format: 'int8' });
    expect(parseZooSpec('zoo:pneumonia-ensemble')).toEqual({ name: 'pneumonia-ensemble', format: 'onnx' });
    expect(parseZooSpec('zoo:pneumonia-ensemble/int8')).toEqual({ name: 'pneumonia-ensemble', format: 'int8' });
    expect(() => parseZooSpec('zoo:pneumonia-ensemble/layers-model')).toThrow(/zoo:pneumonia-ensemble ships no layers-model \(only onnx, int8: .*fine-tune from zoo:pneumonia\)\)\. Fix: .*e\.g\. zoo:pneumonia-ensemble or zoo:pneumonia-ensemble\/int8\./);
    expect(() => parseZooSpec('zoo:covid')).toThrow(/no zoo model named "covid" \(shipped: pneumonia, pneumonia-ensemble\).*Fix: use zoo:<name>/);
    expect(() => parseZooSpec('zoo:pneumonia/fp16')).toThrow(/unknown format "fp16" \(one of layers-model, onnx, int8\)/);
    expect(() => readZooCard('zoo:nope')).toThrow(/no zoo model named/);
  });
});

import { isModelIOError } from '../errors/model-io-error';
import { createModelCard } from './create-model-card';
import { modelCardFromMetadataProps, modelCardToMetadataProps, withModelCard } from './metadata-props';
import { parseModelCard } from './parse-model-card';
import { createSplitManifest, fileListDigest, splitMismatches } from './split-manifest';

const base = {
  architecture: 'compact-cnn',
  classNames: ['NORMAL', 'PNEUMONIA'],
  positiveClass: 1,
  preprocessing: { imageSize: 64, channels: 1 as const, resize: 'stretch' as const, scale: 'in-graph' as const },
  threshold: 0.37,
  thresholdPolicy: { name: 'youden', on: 'validation' },
};

describe('model card', () => {
  it('round-trips through JSON and ONNX metadata_props', () => {
    const split = createSplitManifest({ seed: 7, valSplit: 0.2, grouping: 'patient', stratified: true, trainCount: 8, validationFiles: ['b/2.jpeg', 'a/1.jpeg'] });
    const card = createModelCard({ ...base, split, provenance: { backend: 'wasm', epochs: 3, seed: 7 }, operatingPoints: { youden: 0.37, 'sensitivity:0.95': 0.12 }, calibration: { temperature: 1.7 } });
    expect(card.inputShape).toEqual([64, 64, 1]);
    expect(card.operatingPoints).toEqual({ youden: 0.37, 'sensitivity:0.95': 0.12 });
    expect(card.split?.validation.files).toEqual(['a/1.jpeg', 'b/2.jpeg']);
    expect(parseModelCard(JSON.stringify(card), 'x.json')).toEqual(card);
    const props = modelCardToMetadataProps(card);
    expect(props.map((p) => p.key)).toEqual(['medimg', 'classNames']);
    expect(modelCardFromMetadataProps(withModelCard([{ key: 'other', value: '1' }, ...props], { ...card, threshold: 0.5 }), 'm.onnx')?.threshold).toBe(0.5);
    expect(modelCardFromMetadataProps([{ key: 'other', value: '1' }], 'm.onnx')).toBeNull();
  });

  it('upgrades medimg-model@1 metadata: unit scaling, inferred youden policy, provenance kept', () => {
    const v1 = { format: 'medimg-model@1', architecture: 'refkit-cnn', classNames: ['A', 'B'], positiveClass: 1, preprocessing: { imageSize: 32, channels: 3, resize: 'stretch', scale: 'unit' }, threshold: 0.6, provenance: { backend: 'cpu', epoch: 4, seed: 1 } };
    const card = parseModelCard(v1, 'old/model.json');
    expect(card.format).toBe('medimg-model-card@2');
    expect(card.preprocessing.scale).toBe('unit');
    expect(card.inputShape).toEqual([32, 32, 3]);
    expect(card.thresholdPolicy).toEqual({ name: 'youden', on: 'validation', inferred: true });
    expect(card.provenance).toMatchObject({ architecture: 'refkit-cnn', engine: 'tfjs', backend: 'cpu', epochs: 4, seed: 1, commit: null, upgradedFrom: 'medimg-model@1' });
    expect(card.split).toBeUndefined();
  });

  it('names the file and every bad field', () => {
    const card = createModelCard(base);
    const bad = { ...card, classNames: [], threshold: 2, preprocessing: { ...card.preprocessing, scale: 'percent' }, operatingPoints: { youden: 1.5 } };
    const error = (() => {
      try {
        return parseModelCard(bad, 'runs/a/best/model.json');
      } catch (e) {
        return e;
      }
    })();
    expect(isModelIOError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/^Error in runs\/a\/best\/model.json: invalid model card: /);
    expect(message).toContain('classNames: expected a non-empty array of class names, got []');
    expect(message).toContain('threshold: expected a number in [0, 1], got 2');
    expect(message).toContain('operatingPoints: expected absent or { policy: threshold in [0, 1] }, got {"youden":1.5}');
    expect(message).toContain(`preprocessing.scale: expected 'unit' or 'in-graph', got "percent"`);
    expect(() => parseModelCard({ format: 'other@9' }, 'f.json')).toThrow(/expected a model card of format medimg-model-card@2 \(or medimg-model@1\), got format "other@9"/);
    expect(() => parseModelCard('{oops', 'f.json')).toThrow(/Error in f.json: the model card is not valid JSON/);
  });

  it('digests the sorted validation list and names both values of a mismatch', () => {
    expect(fileListDigest(['b', 'a'])).toBe(fileListDigest(['a', 'b']));
    expect(fileListDigest(['b', 'a'])).toBe('911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2'); // sha256 of "a\nb\n"
    expect(fileListDigest(['a', 'b'])).not.toBe(fileListDigest(['a', 'c']));
    const split = createSplitManifest({ seed: 7, valSplit: 0.2, grouping: 'patient', stratified: true, trainCount: 4, validationFiles: ['x'] });
    expect(splitMismatches(split, { seed: 7, valSplit: 0.2 })).toEqual([]);
    expect(splitMismatches(split, { seed: 42, valSplit: 0.1 })).toEqual(['seed: the model card says 7, got 42', 'val-split: the model card says 0.2, got 0.1']);
    expect(splitMismatches(split, { validationDigest: fileListDigest(['y']) })[0]).toMatch(/the dataset changed/);
  });
});

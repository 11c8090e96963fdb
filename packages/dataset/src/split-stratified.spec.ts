import { splitStratified, type SplitItem } from './split-stratified';
import { createRng } from '@medimg/core';
import { DEFAULT_PATIENT_PATTERN, patientIdOf } from './patient-id';

function items(nA: number, nB: number, perPatient = 1): SplitItem[] {
  const out: SplitItem[] = [];
  for (let i = 0; i < nA; i++) out.push({ key: `A/${i}.jpeg`, label: 0, group: `pa${Math.floor(i / perPatient)}` });
  for (let i = 0; i < nB; i++) out.push({ key: `B/${i}.jpeg`, label: 1, group: `pb${Math.floor(i / perPatient)}` });
  return out;
}

describe('splitStratified', () => {
  it('takes round(fraction * n) of each class for validation (1341:3875 like the real train split)', () => {
    const list = items(1341, 3875);
    const { train, validation } = splitStratified(list, { fraction: 0.1, seed: 42 });
    const valA = validation.filter((i) => list[i]?.label === 0).length;
    const valB = validation.filter((i) => list[i]?.label === 1).length;
    expect(valA).toBe(134);
    expect(valB).toBe(388);
    expect(train.length + validation.length).toBe(5216);
    expect(new Set([...train, ...validation]).size).toBe(5216);
  });

  it('is stable: the same seed gives the same split whatever the listing order, another seed a different one', () => {
    const list = items(200, 300, 3);
    const a = splitStratified(list, { fraction: 0.2, seed: 1 });
    const perm = createRng(9).shuffle(list.map((_, i) => i));
    const shuffled = perm.map((i) => list[i] as SplitItem);
    const b = splitStratified(shuffled, { fraction: 0.2, seed: 1 });
    const keysA = a.validation.map((i) => list[i]?.key).sort();
    const keysB = b.validation.map((i) => shuffled[i]?.key).sort();
    expect(keysB).toEqual(keysA);
    const c = splitStratified(list, { fraction: 0.2, seed: 2 });
    expect(c.validation.map((i) => list[i]?.key).sort()).not.toEqual(keysA);
  });

  it('keeps every group on one side and stays close to the stratified target', () => {
    const list = items(300, 600, 4);
    const { train, validation } = splitStratified(list, { fraction: 0.1, seed: 3 });
    const trainGroups = new Set(train.map((i) => list[i]?.group));
    for (const i of validation) expect(trainGroups.has(list[i]?.group)).toBe(false);
    const valA = validation.filter((i) => list[i]?.label === 0).length;
    expect(Math.abs(valA - 30)).toBeLessThanOrEqual(2);
  });

  it('rejects a fraction outside [0, 1)', () => {
    expect(() => splitStratified(items(2, 2), { fraction: 1, seed: 1 })).toThrow(/fraction/);
  });
});

describe('patientIdOf', () => {
  it('recognises Kermany names', () => {
    expect(patientIdOf('/x/person123_bacteria_456.jpeg')).toBe('person123');
    expect(patientIdOf('person123_virus_457.jpeg')).toBe('person123');
    expect(patientIdOf('IM-0115-0001.jpeg')).toBe('im-0115');
    expect(patientIdOf('NORMAL2-IM-0095-0001.jpeg')).toBe('normal2-im-0095');
    expect(patientIdOf('scan.png')).toBe('file:scan');
    expect(patientIdOf('p7-a.png', /^(p\d+)-/)).toBe('p7');
    expect(DEFAULT_PATIENT_PATTERN.test('IM-0001-0001.jpeg')).toBe(true);
  });
});

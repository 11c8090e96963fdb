import { DOC_HEADER, markers, mergeSection } from './sections';

describe('mergeSection', () => {
  it('inserts sections in order and replaces only the named one', () => {
    let doc = mergeSection(DOC_HEADER, 'peer', 'peer v1');
    doc = mergeSection(doc, 'training', 'training v1');
    doc = mergeSection(doc, 'data', 'data v1');
    const order = ['training', 'peer', 'data'].map((s) => doc.indexOf(markers(s).begin));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((i) => i > 0)).toBe(true);
    const next = mergeSection(doc, 'training', 'training v2\n\n| a |');
    expect(next).toContain('training v2\n\n| a |');
    expect(next).not.toContain('training v1');
    expect(next).toContain('peer v1');
    expect(next).toContain('data v1');
    expect(next.startsWith(DOC_HEADER.trimEnd())).toBe(true);
    expect(next.split(markers('training').begin)).toHaveLength(2);
  });

  it('appends an unknown suite at the end', () => {
    const doc = mergeSection(mergeSection('# B\n', 'training', 't'), 'custom', 'c');
    expect(doc.indexOf(markers('custom').begin)).toBeGreaterThan(doc.indexOf(markers('training').end));
  });
});

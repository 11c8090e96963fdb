import { hashSeed, OptionChecker } from '@medimg/core';

/** One item to split: a stable key (e.g. file path), its class, and optionally a group (patient) kept on one side. */
export interface SplitItem {
  key: string;
  label: number;
  group?: string;
}

export interface StratifiedSplitOptions {
  /** Fraction of each class that goes to validation, in [0, 1). */
  fraction: number;
  seed: number;
}

export interface SplitResult {
  /** Indices into the items, ascending. */
  train: number[];
  validation: number[];
}

/**
 * Stratified, seeded, group-aware split. Within each class (a group belongs to its majority class), groups are ordered
 * by a hash of (seed, group) and taken into validation while that brings the class's validation count closer to
 * round(fraction * class size). The result depends only on the items' keys, labels and groups, not on their order.
 */
export function splitStratified(items: readonly SplitItem[], options: StratifiedSplitOptions): SplitResult {
  const v = new OptionChecker('splitStratified');
  v.number('fraction', options.fraction, 0, 0.999);
  v.int('seed', options.seed);
  v.done();
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    const g = item.group ?? `key:${item.key}`;
    const list = groups.get(g) ?? [];
    list.push(i);
    groups.set(g, list);
  });
  const byClass = new Map<number, { id: string; members: number[]; order: number }[]>();
  for (const [id, members] of groups) {
    const tally = new Map<number, number>();
    for (const m of members) tally.set(items[m]?.label ?? 0, (tally.get(items[m]?.label ?? 0) ?? 0) + 1);
    let label = Infinity;
    let best = -1;
    for (const [l, n] of tally) if (n > best || (n === best && l < label)) { label = l; best = n; }
    const list = byClass.get(label) ?? [];
    list.push({ id, members, order: hashSeed(`${options.seed}:${id}`) });
    byClass.set(label, list);
  }
  const inVal = new Uint8Array(items.length);
  for (const list of byClass.values()) {
    list.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const total = list.reduce((s, g) => s + g.members.length, 0);
    const target = Math.round(options.fraction * total);
    let count = 0;
    for (const g of list) {
      if (count >= target) break;
      if (Math.abs(count + g.members.length - target) < Math.abs(count - target)) {
        for (const m of g.members) inVal[m] = 1;
        count += g.members.length;
      }
    }
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < items.length; i++) (inVal[i] ? validation : train).push(i);
  return { train, validation };
}

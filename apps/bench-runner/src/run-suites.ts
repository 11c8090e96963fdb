import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '@medimg/core';
import { DOC_HEADER, mergeSection } from './docs/sections';
import { findSuite, SUITES } from './suites/index';
import type { SuiteContext } from './types';

export interface RunSuitesOptions {
  suites: string[];
  /** Markdown document to merge sections into. */
  out: string;
  /** Folder for <suite>.json. */
  jsonDir: string;
  /** The command line recorded in each section. */
  command: string;
  ctx: SuiteContext;
}

/** Runs suites in order; after each, writes its JSON and merges its section into `out` (atomically). */
export async function runSuites(o: RunSuitesOptions): Promise<{ suite: string; json: string }[]> {
  const names = o.suites.includes('all') ? SUITES.map((s) => s.name) : o.suites;
  const unknown = names.filter((n) => findSuite(n) === undefined);
  if (unknown.length > 0) throw new Error(`unknown suite(s) ${unknown.join(', ')}; available: ${SUITES.map((s) => s.name).join(', ')}, all`);
  const written: { suite: string; json: string }[] = [];
  for (const name of names) {
    const suite = findSuite(name)!;
    o.ctx.logger.info(`suite ${name}: ${suite.describe}`);
    const output = await suite.run(o.ctx);
    const jsonPath = join(o.jsonDir, `${name}.json`);
    await writeFileAtomic(jsonPath, JSON.stringify({ suite: name, command: o.command, createdAt: new Date().toISOString(), results: output.json }, null, 2) + '\n');
    const doc = await readFile(o.out, 'utf8').catch(() => DOC_HEADER);
    const body = `${output.markdown.trim()}\n\nCommand: \`${o.command}\` (raw results: \`${relative(dirname(o.out), jsonPath)}\`).`;
    await writeFileAtomic(o.out, mergeSection(doc, name, body));
    written.push({ suite: name, json: jsonPath });
  }
  return written;
}

import type { CommandModule } from 'yargs';
import { inspectDataset, type InspectReport } from '@medimg/dataset';
import { runHandler, type GlobalArgs } from '../run-handler';
import { jsonOption, type JsonArgs } from '../common-options';

interface DataInspectArgs extends GlobalArgs, JsonArgs {
  'data-dir': string;
}

function formatReport(r: InspectReport): string {
  const out: string[] = [`dataset ${r.dataDir} (${r.layout} layout), classes: ${r.classNames.join(', ')}`];
  for (const [split, s] of Object.entries(r.splits)) {
    if (!s) continue;
    out.push(`  ${split}: ${Object.entries(s.counts).map(([c, n]) => `${c} ${n}`).join(', ')} (${s.images} images)`);
    for (const k of s.skipped) out.push(`    skipped ${k.path}: ${k.reason}`);
  }
  out.push(`images: ${r.totalImages}, skipped files: ${r.skippedCount}`);
  out.push(`duplicates: ${r.duplicates.groups} groups of byte-identical files (${r.duplicates.extraCopies} extra copies, ${r.duplicates.crossSplitGroups} across splits)`);
  if (r.imageSize) out.push(`image size: width ${r.imageSize.minWidth}-${r.imageSize.maxWidth}, height ${r.imageSize.minHeight}-${r.imageSize.maxHeight}`);
  out.push(`channels: ${Object.entries(r.channels).map(([c, n]) => `${c}ch ${n}`).join(', ')}; formats: ${Object.entries(r.formats).map(([f, n]) => `${f} ${n}`).join(', ')}`);
  return out.join('\n') + '\n';
}

/** `medimg data inspect`: counts per split and class, skipped files with reasons, duplicates, size range. */
export const dataInspectCommand: CommandModule<GlobalArgs, DataInspectArgs> = {
  command: 'inspect',
  describe: 'Count images per split and class; report stray/corrupt files, duplicates and image sizes',
  builder: (y) =>
    jsonOption(y, 'Machine-readable output')
      .option('data-dir', { type: 'string', demandOption: true, describe: 'Dataset root: ROOT/{train,test,val}/{CLASS}/ or ROOT/{CLASS}/' }),
  handler: runHandler<DataInspectArgs>(async (args, logger) => {
    const report = await inspectDataset({ dataDir: args['data-dir'], logger });
    process.stdout.write(args.json ? JSON.stringify(report) + '\n' : formatReport(report));
  }),
};

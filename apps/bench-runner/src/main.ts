#!/usr/bin/env node
import { dirname, join, relative, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { stderrLogger } from './logger';
import { describeNet, netTopology } from './nets';
import { runSuites } from './run-suites';
import { SUITES } from './suites/index';

const list = (s: string): string[] => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0);

async function main(): Promise<void> {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('medimg-bench')
    .usage('$0 --suite training,peer --out docs/benchmarks.md\n\nSuites: ' + SUITES.map((s) => `${s.name} (${s.describe})`).join('; '))
    .option('suite', { type: 'string', default: 'training,peer', describe: 'comma-separated suites, or all' })
    .option('out', { type: 'string', default: 'docs/benchmarks.md', describe: 'Markdown file; only the run suites\' sections are replaced' })
    .option('json-dir', { type: 'string', describe: 'folder for <suite>.json [<out dir>/benchmarks]' })
    .option('quick', { type: 'boolean', default: false, describe: 'few steps/trials per case' })
    .option('engines', { type: 'string', default: 'tfjs,onnxruntime', describe: 'training engines (tfjs on each --backends, onnxruntime)' })
    .option('backends', { type: 'string', default: 'wasm,cpu', describe: 'tfjs backends (wasm, cpu, tensorflow)' })
    .option('cases', { type: 'string', default: '', describe: 'only cases whose id contains one of these (e.g. reference-128,compact)' })
    .option('python', { type: 'string', default: '/usr/bin/python3', describe: 'interpreter of the PyTorch peer' })
    .option('peers-dir', { type: 'string', default: resolve(__dirname, '../../../tools/peers'), describe: 'folder of the peer scripts' })
    .option('data-dir', { type: 'string', default: process.env['MEDIMG_DATA_DIR'] ?? '', describe: 'real chest_xray folder for the data suite' })
    .option('describe', { type: 'string', describe: 'print this architecture\'s layer list (describeArchitecture JSON, what the PyTorch peer builds) and exit' })
    .option('input', { type: 'string', default: '128x128x1', describe: 'with --describe: HxWxC' })
    .option('format', { choices: ['layers', 'tfjs'] as const, default: 'layers' as const, describe: 'with --describe: the layer list, or the tfjs topology (model.json modelTopology)' })
    .option('verbose', { type: 'boolean', default: false })
    .strict()
    .help()
    .parseAsync();
  if (argv.describe !== undefined) {
    const shape = argv.input.split('x').map(Number);
    const input = shape as [number, number, 1 | 3];
    process.stdout.write(JSON.stringify(argv.format === 'tfjs' ? netTopology(argv.describe, input) : describeNet(argv.describe, input)) + '\n');
    return;
  }
  const logger = stderrLogger(argv.verbose);
  const backends = list(argv.backends).filter((b): b is 'wasm' | 'cpu' | 'tensorflow' => ['wasm', 'cpu', 'tensorflow'].includes(b));
  const engines = list(argv.engines).filter((e): e is 'tfjs' | 'onnxruntime' => ['tfjs', 'onnxruntime'].includes(e));
  const out = resolve(argv.out);
  const jsonDir = resolve(argv['json-dir'] ?? join(dirname(out), 'benchmarks'));
  const command = ['node', relative(process.cwd(), process.argv[1] ?? 'medimg-bench'), ...process.argv.slice(2)].join(' ');
  const suites = list(argv.suite);
  const written = await runSuites({
    suites,
    out,
    jsonDir,
    command,
    ctx: { quick: argv.quick, engines, backends, caseFilter: list(argv.cases), logger, python: argv.python, peersDir: argv['peers-dir'], dataDir: argv['data-dir'] === '' ? null : argv['data-dir'], earlier: {}, interleavePeer: suites.includes('peer') || suites.includes('all') },
  });
  for (const w of written) process.stdout.write(`${w.suite}: ${relative(process.cwd(), out)} (section), ${relative(process.cwd(), w.json)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`medimg-bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

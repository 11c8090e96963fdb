// Run in a child process by resume.spec.ts (bundled with esbuild): trains (argv: outDir epochs [engine] [stopAt]) and prints
// "batch <epoch> <batch>" lines. With stopAt "<epoch>:<batch>" it stops making progress once it printed that batch, so the
// parent's SIGKILL lands there however fast the engine runs.
import { selectBackend } from '@medimg/core';
import { train } from '../train';
import { syntheticXraySet } from './synthetic-set';
import { registerTinyArchitecture } from './tiny-architecture';

async function main(): Promise<void> {
  const [outDir, epochs, engine, stopAt] = process.argv.slice(2);
  await selectBackend({ backend: 'wasm' });
  registerTinyArchitecture();
  await train({
    train: syntheticXraySet({ perClass: 24, size: 24, seed: 1 }), validation: syntheticXraySet({ perClass: 8, size: 24, seed: 2 }),
    architecture: 'test-tiny', outDir: outDir as string, epochs: Number(epochs), batchSize: 8, lr: 3e-3, seed: 5, schedule: 'plateau', earlyStoppingPatience: 0, engine: engine ?? 'tfjs',
    callbacks: {
      onBatchEnd: (p) => {
        process.stdout.write(`batch ${p.epoch} ${p.batch}\n`);
        if (stopAt === `${p.epoch}:${p.batch}`) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
      },
    },
  });
  process.stdout.write('done\n');
}
void main();

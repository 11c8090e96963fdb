import { registerBatchNormTraining } from './batch-norm-training';
import { registerBinaryOps } from './binary';
import { registerConv } from './conv';
import { registerElementwiseShapes } from './elementwise-shapes';
import { registerGemm } from './gemm';
import { registerPools } from './pool';
import { registerReduceOps } from './reduce';
import { registerShapeOps } from './shape-ops';
import { registerSoftmax } from './softmax';
import { registerUnaryOps } from './unary';

let done = false;

/** Registers every built-in op spec once (called by the builder's users before building). */
export function registerBuiltinOps(): void {
  if (done) return;
  done = true;
  registerElementwiseShapes();
  registerBinaryOps();
  registerUnaryOps();
  registerSoftmax();
  registerReduceOps();
  registerShapeOps();
  registerConv();
  registerGemm();
  registerPools();
  registerBatchNormTraining();
}

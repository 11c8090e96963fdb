// jest's node environment runs tests in a separate realm, so typed arrays made by native addons
// (onnxruntime-node, sharp) fail `instanceof Float32Array` checks inside the sandbox. Share the
// outer realm's binary constructors with the sandbox so native outputs are recognised.
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Buffer',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class MedimgNodeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) {
      if (globalThis[name] !== undefined) this.global[name] = globalThis[name];
    }
  }
}

module.exports = MedimgNodeEnvironment;

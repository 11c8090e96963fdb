/**
 * A NumPy .npy file (format 1.0) of a little-endian float32 array of `shape`, C order: `numpy.load` reads it as is.
 * The header is padded so the data starts at a multiple of 64 bytes.
 */
export function npyBytes(data: Float32Array, shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.length * 4);
  out.set([0x93, ...Array.from('NUMPY', (c) => c.charCodeAt(0)), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Array.from(header, (c) => c.charCodeAt(0)), 10);
  const view = new DataView(out.buffer, 10 + header.length);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

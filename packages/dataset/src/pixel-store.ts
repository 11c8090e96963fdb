import { open } from 'node:fs/promises';

/** Fixed-size preprocessed images addressed by slot, held in memory or read from a cache file by offset. */
export interface PixelStore {
  readonly count: number;
  readonly bytesPerImage: number;
  readonly inMemory: boolean;
  /** Concatenated pixels of the given slots, in that order. */
  readMany(slots: ArrayLike<number>): Promise<Uint8Array>;
}

export function memoryStore(pixels: Uint8Array, bytesPerImage: number): PixelStore {
  const count = Math.floor(pixels.length / bytesPerImage);
  return {
    count,
    bytesPerImage,
    inMemory: true,
    readMany: async (slots) => {
      const out = new Uint8Array(slots.length * bytesPerImage);
      for (let i = 0; i < slots.length; i++) {
        const s = slots[i] as number;
        out.set(pixels.subarray(s * bytesPerImage, (s + 1) * bytesPerImage), i * bytesPerImage);
      }
      return out;
    },
  };
}

/** Streams from `file` where slot s starts at `offset + s * bytesPerImage`; contiguous slots are read in one call. */
export function fileStore(file: string, offset: number, count: number, bytesPerImage: number): PixelStore {
  return {
    count,
    bytesPerImage,
    inMemory: false,
    readMany: async (slots) => {
      const out = new Uint8Array(slots.length * bytesPerImage);
      const handle = await open(file, 'r');
      try {
        let i = 0;
        while (i < slots.length) {
          let j = i + 1;
          while (j < slots.length && (slots[j] as number) === (slots[j - 1] as number) + 1) j++;
          const length = (j - i) * bytesPerImage;
          await handle.read(out, i * bytesPerImage, length, offset + (slots[i] as number) * bytesPerImage);
          i = j;
        }
      } finally {
        await handle.close();
      }
      return out;
    },
  };
}

import { createRequire } from 'node:module';
import { OptionChecker } from '@medimg/core';

/** The few dcmjs entry points used here (dcmjs ships no type declarations). */
interface DcmjsLogger {
  setLevel(level: string): void;
  getLogger(name: string): DcmjsLogger;
}
interface Dcmjs {
  data: {
    DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(): ArrayBuffer };
    DicomMetaDictionary: { denaturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown> };
  };
  log: DcmjsLogger;
}

let loaded: Dcmjs | undefined;
function dcmjsModule(): Dcmjs {
  if (!loaded) {
    loaded = createRequire(__filename)('dcmjs') as Dcmjs;
    // the library logs VR guesses on the console; libraries here never print
    loaded.log.setLevel('silent');
    loaded.log.getLogger('validation.dcmjs').setLevel('silent');
  }
  return loaded;
}

/** Uncompressed transfer syntaxes medimg reads. */
export const DICOM_IMPLICIT_LE = '1.2.840.10008.1.2';
export const DICOM_EXPLICIT_LE = '1.2.840.10008.1.2.1';

export interface EncodeDicomOptions {
  width: number;
  height: number;
  /** Stored values, frame after frame, row-major, samples interleaved (or planar with `planar: true`). */
  values: ArrayLike<number>;
  /** Default 1. */
  frames?: number;
  /** Default 16. */
  bitsAllocated?: 8 | 16;
  /** Default bitsAllocated. */
  bitsStored?: number;
  /** Default bitsStored - 1. */
  highBit?: number;
  /** Two's complement stored values (Pixel Representation 1). Default false. */
  signed?: boolean;
  /** Default 'MONOCHROME2'; 'RGB' takes 3 samples per pixel. */
  photometric?: 'MONOCHROME1' | 'MONOCHROME2' | 'RGB';
  /** RGB only: RRR..GGG..BBB (Planar Configuration 1). Default false. */
  planar?: boolean;
  rescaleSlope?: number;
  rescaleIntercept?: number;
  /** VOI windows (the first is the default one). */
  windows?: { center: number; width: number }[];
  /** Default explicit VR little endian. Any UID may be written (the pixels stay uncompressed), e.g. to test rejection. */
  transferSyntax?: string;
  /** Leave the Pixel Data element out (e.g. a report-like object). Default false. */
  omitPixelData?: boolean;
}

/**
 * Writes a DICOM Part 10 file (secondary-capture-like DX image) with dcmjs: the test and demo files for medimg's
 * DICOM reader. Returns the file bytes.
 */
export function encodeDicom(o: EncodeDicomOptions): Uint8Array {
  const photometric = o.photometric ?? 'MONOCHROME2';
  const spp = photometric === 'RGB' ? 3 : 1;
  const frames = o.frames ?? 1;
  const bitsAllocated = o.bitsAllocated ?? 16;
  const bitsStored = o.bitsStored ?? bitsAllocated;
  const highBit = o.highBit ?? bitsStored - 1;
  const v = new OptionChecker('encodeDicom');
  v.int('width', o.width, 1, 65535);
  v.int('height', o.height, 1, 65535);
  v.int('frames', frames, 1);
  v.oneOf('bitsAllocated', bitsAllocated, [8, 16]);
  v.int('bitsStored', bitsStored, 1, bitsAllocated);
  v.int('highBit', highBit, bitsStored - 1, bitsAllocated - 1);
  v.check(o.values.length === o.width * o.height * spp * frames, `values must hold width x height x samples x frames = ${o.width * o.height * spp * frames} numbers; got ${o.values.length}`);
  v.done();
  const dcmjs = dcmjsModule();
  const n = o.values.length;
  const bytes = new Uint8Array(n * (bitsAllocated / 8) + ((n * (bitsAllocated / 8)) % 2));
  const dv = new DataView(bytes.buffer);
  const shift = highBit + 1 - bitsStored;
  const mod = 2 ** bitsStored;
  for (let i = 0; i < n; i++) {
    const value = Math.round(o.values[i] as number);
    const word = (((value % mod) + mod) % mod) * 2 ** shift;
    if (bitsAllocated === 8) dv.setUint8(i, word);
    else dv.setUint16(2 * i, word, true);
  }
  const sopClass = '1.2.840.10008.5.1.4.1.1.1.1'; // Digital X-Ray Image Storage - For Presentation
  const sopInstance = `2.25.${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClass,
    MediaStorageSOPInstanceUID: sopInstance,
    TransferSyntaxUID: o.transferSyntax ?? DICOM_EXPLICIT_LE,
    ImplementationClassUID: '2.25.1234567890',
    ImplementationVersionName: 'medimg',
  };
  const ds: Record<string, unknown> = {
    SOPClassUID: sopClass,
    SOPInstanceUID: sopInstance,
    Modality: 'DX',
    Rows: o.height,
    Columns: o.width,
    SamplesPerPixel: spp,
    PhotometricInterpretation: photometric,
    BitsAllocated: bitsAllocated,
    BitsStored: bitsStored,
    HighBit: highBit,
    PixelRepresentation: o.signed ? 1 : 0,
    ...(spp === 3 ? { PlanarConfiguration: o.planar ? 1 : 0 } : {}),
    ...(frames > 1 ? { NumberOfFrames: String(frames) } : {}),
    ...(o.rescaleSlope !== undefined || o.rescaleIntercept !== undefined ? { RescaleSlope: String(o.rescaleSlope ?? 1), RescaleIntercept: String(o.rescaleIntercept ?? 0), RescaleType: 'US' } : {}),
    ...(o.windows && o.windows.length > 0 ? { WindowCenter: o.windows.map((w) => String(w.center)), WindowWidth: o.windows.map((w) => String(w.width)) } : {}),
    ...(o.omitPixelData ? {} : { PixelData: [bytes.buffer] }),
    _vrMap: { PixelData: bitsAllocated === 8 ? 'OB' : 'OW' },
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(ds);
  return new Uint8Array(dict.write());
}

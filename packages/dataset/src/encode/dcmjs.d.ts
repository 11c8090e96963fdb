// The few dcmjs entry points medimg uses (dcmjs ships no type declarations).
declare module 'dcmjs' {
  export const data: {
    DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(): ArrayBuffer };
    DicomMetaDictionary: {
      denaturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown>;
      naturalizeDataset(dict: Record<string, unknown>): Record<string, unknown>;
    };
  };
  interface Logger {
    setLevel(level: string): void;
    getLogger(name: string): Logger;
  }
  export const log: Logger;
}

import { hasErrorCode, MedimgError } from './medimg-error';

/** errno codes that mean "no room for this write": the disk (ENOSPC), a quota (EDQUOT) or a file size limit (EFBIG). */
const DISK_FULL_CODES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EFBIG: 'the file would exceed the file size limit (ulimit -f / RLIMIT_FSIZE)',
};

/** A write failed for lack of room. `errno` is ENOSPC, EDQUOT or EFBIG, `reason` its meaning; `path` is the file being written. */
export class DiskFullError extends MedimgError {
  readonly path: string;
  readonly errno: string;
  readonly reason: string;
  constructor(message: string, path: string, errno: string, options?: { cause?: unknown }) {
    super('E_DISK_FULL', message, options);
    this.path = path;
    this.errno = errno;
    this.reason = DISK_FULL_CODES[errno] ?? errno;
  }
}

export function isDiskFullError(value: unknown): value is DiskFullError {
  return hasErrorCode(value, 'E_DISK_FULL');
}

/**
 * A DiskFullError for `error` when it is a disk-full errno (ENOSPC, EDQUOT, EFBIG) of a write to `path`, else undefined.
 * The message says what was written, why it failed and the fix; `kept` says what is left as it was.
 */
export function diskFullErrorOf(error: unknown, path: string, kept = `${path} keeps its previous content (the write went to a temp file, now removed)`): DiskFullError | undefined {
  if (isDiskFullError(error)) return error;
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  const why = errno === undefined ? undefined : DISK_FULL_CODES[errno];
  if (errno === undefined || why === undefined) return undefined;
  return new DiskFullError(
    `Error writing ${path}: ${why} (${errno}). ${kept}. Fix: free disk space (df -h) or raise the limit (ulimit -f, quota), then run the command again.`,
    path,
    errno,
    { cause: error },
  );
}

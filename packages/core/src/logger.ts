/** Libraries never print: they log through this interface, which apps implement. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const noop = (): void => undefined;

/** The default logger of every library entry point: drops everything. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

/** A logger that keeps records in memory (useful to library users and tests). */
export interface MemoryLogger extends Logger {
  readonly records: { level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> }[];
}

export function createMemoryLogger(): MemoryLogger {
  const records: MemoryLogger['records'] = [];
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: Record<string, unknown>): void => {
      records.push(fields === undefined ? { level, message } : { level, message, fields });
    };
  return { records, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

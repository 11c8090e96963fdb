import type { Logger } from '@medimg/core';

export interface ConsoleLoggerOptions {
  quiet?: boolean;
  verbose?: boolean;
}

/** The apps' logger: info to stderr (stdout is for results), debug only with --verbose. */
export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const write = (prefix: string, message: string): void => {
    process.stderr.write(`${prefix}${message}\n`);
  };
  return {
    debug: (m) => {
      if (options.verbose) write('debug: ', m);
    },
    info: (m) => {
      if (!options.quiet) write('', m);
    },
    warn: (m) => write('warning: ', m),
    error: (m) => write('error: ', m),
  };
}

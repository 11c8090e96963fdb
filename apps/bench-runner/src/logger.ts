import type { Logger } from '@medimg/core';

/** Logs to stderr with a timestamp; debug only when verbose. */
export function stderrLogger(verbose: boolean): Logger {
  const at = (level: string) => (message: string): void => {
    process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${level} ${message}\n`);
  };
  return { debug: verbose ? at('debug') : () => undefined, info: at('info'), warn: at('warn'), error: at('error') };
}

import { isMedimgError, isValidationError } from '@medimg/core';
import { createConsoleLogger } from './console-logger';
import type { Logger } from '@medimg/core';

export interface GlobalArgs {
  quiet?: boolean;
  verbose?: boolean;
}

/** Exit codes: 0 ok, 1 failure, 2 bad usage or options. */
export function exitCodeFor(error: unknown): number {
  return isValidationError(error) ? 2 : 1;
}

/**
 * Wraps a command handler: gives it a logger, prints a thrown error once (medimg errors without a stack,
 * unexpected ones with it) and sets the exit code. The only place the CLI turns errors into exit codes.
 */
export function runHandler<A extends GlobalArgs>(fn: (args: A, logger: Logger) => Promise<void>): (args: A) => Promise<void> {
  return async (args: A) => {
    const logger = createConsoleLogger({ quiet: args.quiet ?? false, verbose: args.verbose ?? false });
    try {
      await fn(args, logger);
    } catch (error) {
      if (isMedimgError(error)) logger.error(error.message);
      else logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = exitCodeFor(error);
    }
  };
}

import type { AppError } from '@clinicsync/server';
import { CommanderError } from 'commander';

/** Exit codes: 0 done, 1 failed, 2 bad usage (flags, values, environment). */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * An error the command line reports as one line, without a stack trace.
 * `usage` errors (a bad flag or value) exit with 2, others with 1.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, kind: 'usage' | 'failed' = 'failed') {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCodes[kind];
  }
}

/**
 * The server's AppError, known by its name: importing the server package here
 * would load all of it for `--help` and for the device commands, which never
 * use it.
 */
function isServerError(error: unknown): error is AppError {
  return error instanceof Error && error.name === 'AppError';
}

/** One line that says what went wrong, and the exit code for it. */
export function describeError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof CommanderError) {
    // Commander has already printed its message; only the exit code is left.
    return { message: '', exitCode: error.exitCode === 0 ? exitCodes.ok : exitCodes.usage };
  }
  if (isServerError(error)) return { message: error.message, exitCode: exitCodes.failed };
  const message = error instanceof Error ? error.message : String(error);
  return { message: `Unexpected error: ${message.split('\n')[0]}`, exitCode: exitCodes.failed };
}

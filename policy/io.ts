/**
 * Output sinks for the command-line entry points, so tests can run them in-process.
 */

/** Where a command writes. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** stdout/stderr. */
export const consoleIo: Io = {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
};

/** The message of anything thrown, without a stack trace. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

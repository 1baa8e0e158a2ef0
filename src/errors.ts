/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

// The CLI entry and the command modules are built separately, so each may hold its own copy of these classes;
// a registered symbol marks them instead of relying on instanceof.
const CLI_ERROR = Symbol.for('mle-prep.cli-error');

/** An error whose message is written for the user; the CLI's error boundary prints it and exits with `exitCode`. */
export class CliError extends Error {
  readonly [CLI_ERROR] = true;
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}

export function isCliError(error: unknown): error is CliError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[CLI_ERROR] === true;
}

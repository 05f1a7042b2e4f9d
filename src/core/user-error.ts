/** A problem the user can fix: what went wrong, and what to do about it. Exit code 2. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A size regression or over-budget result: exit code 1. */
export const EXIT_OK = 0;
export const EXIT_REGRESSION = 1;
export const EXIT_ERROR = 2;

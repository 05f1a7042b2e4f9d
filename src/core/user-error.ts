/** A problem the user can fix: what went wrong, and what to do about it. Exit code 2. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The exit code of an error (1 is kept for over budget / regression found). */
export const EXIT_ERROR = 2;

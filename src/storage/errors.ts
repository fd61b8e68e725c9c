/**
 * The two ways a store operation fails, kept apart so the HTTP edge can answer each truthfully:
 * the store cannot be reached or did not answer in time (503 with Retry-After: send it again),
 * or the input can never be stored (a 400: sending it again would fail again).
 */

/** The database is down, frozen, overloaded or timed out. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** A value no form of the store can keep; the message names the field and never quotes the value. */
export class StoreInputError extends Error {
  constructor(
    readonly field: string,
    problem: string,
    /** The position of the offending item when a batch was given. */
    readonly index?: number,
  ) {
    super(`${field} ${problem}`);
    this.name = 'StoreInputError';
  }
}

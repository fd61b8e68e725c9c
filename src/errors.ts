/**
 * The one error type for failures a caller must hear about: a status, a stable code, a message
 * fit for the caller, the field at fault and any headers the answer needs. Any layer may throw it;
 * only the HTTP edge (src/http/errors.ts) turns it into a response.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

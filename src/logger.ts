/** Structured logs to stdout. Request bodies, tokens and patient data are never logged. */
import pino, { type DestinationStream, type Logger } from 'pino';

/** `destination` defaults to stdout; tests pass a stream to read what was logged. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hamstring-cds' },
      // Belt and braces: if a field with one of these names is ever logged, it is masked.
      redact: {
        paths: [
          'req.headers.authorization',
          'headers.authorization',
          'authorization',
          '*.authorization',
          'token',
          '*.token',
          '*.access_token',
          '*.prefetch',
          '*.context',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type { Logger };

/** Structured logs to stdout. Request bodies, tokens and patient data are never logged. */
import pino, { type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'hamstring-cds' },
    // Belt and braces: if a field with one of these names is ever logged, it is masked.
    redact: { paths: ['req.headers.authorization', '*.access_token', '*.prefetch', '*.context'], censor: '[redacted]' },
  });
}

export type { Logger };

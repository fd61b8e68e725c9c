/**
 * What the store can keep, decided here, before any driver sees it, so that SQLite and PostgreSQL
 * refuse the same input the same way. PostgreSQL rejects a NUL in text with an error that looks
 * like any other failure, and both drivers silently turn a lone surrogate into U+FFFD, so a value
 * would come back other than it went in. Times are kept as milliseconds since the epoch, limited
 * to the years 0001-9999 that ISO 8601 writes with four digits.
 */
import { StoreInputError } from './errors';

const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function storableText(value: string, field: string, index?: number): string {
  if (typeof value !== 'string') throw new StoreInputError(field, 'must be text', index);
  if (value.includes('\u0000')) throw new StoreInputError(field, 'contains a NUL character, which cannot be stored', index);
  if (LONE_SURROGATE.test(value)) throw new StoreInputError(field, 'contains a lone UTF-16 surrogate, which cannot be stored', index);
  return value;
}

export function storableOptionalText(value: string | undefined, field: string, index?: number): string | null {
  return value === undefined ? null : storableText(value, field, index);
}

/** A list of texts, kept as a JSON array. */
export function storableTextList(values: readonly string[], field: string, index?: number): string {
  if (!Array.isArray(values)) throw new StoreInputError(field, 'must be a list of text', index);
  return JSON.stringify(values.map((value: string) => storableText(value, field, index)));
}

export function storableInstant(value: Date, field: string, index?: number): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new StoreInputError(field, 'must be a valid date', index);
  if (ms < EARLIEST_MS || ms > LATEST_MS) throw new StoreInputError(field, 'must be a date between the years 0001 and 9999', index);
  return ms;
}

/** Lists come back from the JSON text they were stored as. */
export function storedTextList(json: string): string[] {
  return JSON.parse(json) as string[];
}

/** Text order by code point: the same in both forms, whatever PostgreSQL's collation. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

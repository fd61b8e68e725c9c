/**
 * FHIR date and dateTime values ("2026", "2026-11", "2026-11-20", "2026-11-20T08:30:00+01:00")
 * as instants. A partial date means its first moment; a dateTime without a zone is read as UTC.
 */
const ZERO = 48; // '0'
const MS_PER_MINUTE = 60_000;
/** The proleptic Gregorian calendar repeats every 400 years (146 097 days). */
const MS_PER_400_YEARS = 146_097 * 24 * 60 * 60 * 1000;

/** The number written by the `count` digits at `at`, or -1 when they are not all digits. */
function digitsAt(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (!(digit >= 0 && digit <= 9)) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/**
 * The zone's offset east of UTC in minutes ("Z", "+01:00", "-05:30" from `at` to the end), or
 * undefined when the text there is not one.
 */
function zoneOffsetAt(text: string, at: number): number | undefined {
  if (at === text.length) return 0; // no zone: read as UTC
  const sign = text[at];
  if (sign === 'Z') return at + 1 === text.length ? 0 : undefined;
  if ((sign !== '+' && sign !== '-') || text.length !== at + 6 || text[at + 3] !== ':') return undefined;
  const hours = digitsAt(text, at + 1, 2);
  const minutes = digitsAt(text, at + 4, 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return undefined;
  return (sign === '+' ? 1 : -1) * (hours * 60 + minutes);
}

/**
 * The instant a FHIR date or dateTime names, in ms since the epoch; undefined when it names none.
 * Read character by character, building nothing, since every result's date is read to find the
 * newest: "YYYY", "YYYY-MM", "YYYY-MM-DD", then "Thh:mm", ":ss", ".fraction" (ignored) and a zone.
 * The values accepted are JavaScript's own (Date.parse): a month 01-12, a day 01-31 counted on into
 * the next month where the month is shorter, 24:00:00 as the next midnight, a zone within ±23:59.
 */
export function fhirInstant(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.length > 40) return undefined;
  const text = value;
  const length = text.length;
  if (length !== 4 && length !== 7 && length < 10) return undefined;
  const year = digitsAt(text, 0, 4);
  if (year < 0) return undefined;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let zoneAt = 4;
  if (length > 4) {
    if (text[4] !== '-') return undefined;
    month = digitsAt(text, 5, 2);
    zoneAt = 7;
    if (length > 7) {
      if (text[7] !== '-') return undefined;
      day = digitsAt(text, 8, 2);
      zoneAt = 10;
      if (length > 10) {
        if (text[10] !== 'T' || text[13] !== ':') return undefined;
        hour = digitsAt(text, 11, 2);
        minute = digitsAt(text, 14, 2);
        zoneAt = 16;
        if (text[16] === ':') {
          second = digitsAt(text, 17, 2);
          zoneAt = 19;
          if (text[19] === '.') {
            zoneAt = 20;
            while (zoneAt < length && digitsAt(text, zoneAt, 1) >= 0) zoneAt++;
            if (zoneAt === 20) return undefined;
          }
        }
      }
    }
    // A zone belongs to a time: a date alone ends where it ends.
    if (zoneAt <= 10 && zoneAt !== length) return undefined;
  }
  const offset = zoneOffsetAt(text, zoneAt);
  if (offset === undefined) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  if (hour > 24 || (hour === 24 && (minute > 0 || second > 0))) return undefined;
  // Date.UTC reads years 0-99 as 1900-1999: count from 400 years on and come back.
  return Date.UTC(year + 400, month - 1, day, hour, minute, second) - MS_PER_400_YEARS - offset * MS_PER_MINUTE;
}

export function parseFhirDate(value: unknown): Date | undefined {
  const ms = fhirInstant(value);
  return ms === undefined ? undefined : new Date(ms);
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function daysBetween(earlier: Date, later: Date): number {
  return Math.floor((later.getTime() - earlier.getTime()) / DAY_MS);
}

export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** The calendar date clinicians read in a card: "2026-11-20". */
export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

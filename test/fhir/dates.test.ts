/**
 * FHIR dates read as instants. fhirInstant reads the text character by character; it must accept
 * exactly what the grammar below accepts and name the instant JavaScript's Date.parse gives for
 * the same parts, so the reading never drifts from the one the service has always made.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fhirInstant, parseFhirDate } from '../../src/fhir/dates';

/** The grammar as a regular expression, and Date.parse on the parts: the reading fhirInstant must give. */
const FHIR_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

function byTheGrammar(value: string): number | undefined {
  if (value.length > 40) return undefined;
  const m = FHIR_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone = 'Z'] = m;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Two digits, mostly near the limits where readings differ (00, 12, 13, 23, 24, 29-32, 59, 60). */
const twoDigits = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('00', '01', '09', '10', '12', '13', '23', '24', '28', '29', '30', '31', '32', '59', '60', '99') },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')) },
  { weight: 1, arbitrary: fc.constantFrom('1', '123', 'a1', '1a', ' 1', '１２', '') },
);
const year = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('0000', '0001', '0099', '0400', '1900', '2000', '2024', '2026', '9999') },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')) },
  { weight: 1, arbitrary: fc.constantFrom('202', '20261', '+2026', 'abcd') },
);
const zone = fc.oneof(
  fc.constant(''),
  fc.constant('Z'),
  fc.tuple(fc.constantFrom('+', '-'), twoDigits, twoDigits).map(([sign, h, m]) => `${sign}${h}:${m}`),
  fc.constantFrom('z', '+0100', '+01', 'Z ', 'ZZ', '+01:00:00', 'GMT'),
);
const fraction = fc.oneof(fc.constant(''), fc.stringMatching(/^\.\d{1,12}$/), fc.constantFrom('.', '.5a', ',5'));
const separator = (wanted: string) =>
  fc.oneof({ weight: 20, arbitrary: fc.constant(wanted) }, { weight: 1, arbitrary: fc.constantFrom('-', 'T', ':', ' ', '/', '') });

/** Texts built from the grammar's parts, right and slightly wrong, cut off anywhere. */
const nearlyDates = fc
  .tuple(
    year,
    separator('-'),
    twoDigits,
    separator('-'),
    twoDigits,
    separator('T'),
    twoDigits,
    separator(':'),
    twoDigits,
    separator(':'),
    twoDigits,
    fraction,
    zone,
    fc.constantFrom(4, 7, 10, 16, 19, 21, 22, 25, 3, 5, 8, 11, 13, 15, 17, 18, 20),
    fc.boolean(),
  )
  .map(([y, s1, mo, s2, d, s3, h, s4, mi, s5, s, f, z, cut, whole]) => {
    const text = `${y}${s1}${mo}${s2}${d}${s3}${h}${s4}${mi}${s5}${s}${f}${z}`;
    return whole ? text : text.slice(0, cut);
  });

describe('fhir/dates', () => {
  describe('fhirInstant', () => {
    const cases: [string, string | undefined][] = [
      ['2026', '2026-01-01T00:00:00.000Z'],
      ['2026-11', '2026-11-01T00:00:00.000Z'],
      ['2026-11-20', '2026-11-20T00:00:00.000Z'],
      ['2026-11-20T08:30', '2026-11-20T08:30:00.000Z'],
      ['2026-11-20T08:30:15.123456+01:00', '2026-11-20T07:30:15.000Z'],
      ['2026-11-20T08:30:15-05:30', '2026-11-20T14:00:15.000Z'],
      ['2026-02-30', '2026-03-02T00:00:00.000Z'],
      ['2026-12-31T24:00:00Z', '2027-01-01T00:00:00.000Z'],
      ['0050-06-01', '0050-06-01T00:00:00.000Z'],
      ['2026-13-01', undefined],
      ['2026-11-20T24:00:01Z', undefined],
      ['2026-11-20T08:30:00+24:00', undefined],
      ['2026-11-20Z', undefined],
      ['2026-11-20T08:30:00.', undefined],
      ['20261120', undefined],
    ];
    for (const [text, instant] of cases) {
      it(`reads "${text}" as ${instant ?? 'no instant'}`, () => {
        const ms = fhirInstant(text);
        assert.equal(ms === undefined ? undefined : new Date(ms).toISOString(), instant);
      });
    }

    it('reads no instant from what is not a string, or is longer than 40 characters', () => {
      for (const value of [undefined, null, 2026, { start: '2026' }, ['2026'], `2026-11-20T08:30:15.${'1'.repeat(20)}Z`]) {
        assert.equal(fhirInstant(value), undefined, JSON.stringify(value));
      }
    });

    it('gives the reading of the grammar and Date.parse on every text near the grammar', () => {
      fc.assert(
        fc.property(nearlyDates, (text) => {
          assert.equal(fhirInstant(text), byTheGrammar(text), JSON.stringify(text));
        }),
        { numRuns: 20_000 },
      );
    });

    it('gives the reading of the grammar and Date.parse on any short text', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 30, unit: fc.constantFrom(...'0123456789-T:.Z+ 1'.split('')) }), (text) => {
          assert.equal(fhirInstant(text), byTheGrammar(text), JSON.stringify(text));
        }),
        { numRuns: 20_000 },
      );
    });
  });

  describe('parseFhirDate', () => {
    it('is the instant as a Date, or undefined', () => {
      assert.equal(parseFhirDate('2026-11-20T08:30:00+01:00')?.toISOString(), '2026-11-20T07:30:00.000Z');
      assert.equal(parseFhirDate('2026-11-31T25:00'), undefined);
    });
  });
});

/**
 * The numbers the bench reports: medians and spreads of paired measurements, and verdicts that
 * say "not sure" when the spread straddles the target instead of calling a noisy run either way.
 */

export interface Spread {
  median: number;
  /** First and third quartiles: half the pairs lie between them. */
  q1: number;
  q3: number;
  min: number;
  max: number;
  n: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function spreadOf(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    n: sorted.length,
  };
}

export const median = (values: readonly number[]): number => spreadOf(values).median;

/** Pairs whose middle half spans more than this share of the median say little about the median. */
export const WIDE_SPREAD = 0.15;

export function isWide(s: Spread): boolean {
  return s.q3 - s.q1 > WIDE_SPREAD * Math.abs(s.median);
}

export const fixed = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
export const signed = (n: number, digits = 2): string => `${n >= 0 ? '+' : ''}${fixed(n, digits)}`;

/** "0.87 (IQR 0.85-0.89, range 0.80-0.91, 8 pairs)". */
export function describeSpread(s: Spread, digits = 2, format: (n: number, d: number) => string = fixed): string {
  return `${format(s.median, digits)} (IQR ${format(s.q1, digits)} to ${format(s.q3, digits)}, range ${format(s.min, digits)} to ${format(s.max, digits)}, ${s.n} pairs)`;
}

export type Verdict = 'PASS' | 'MISS' | 'UNSURE';

/** PASS when three pairs in four reach the target, MISS when three in four fall short, else UNSURE. */
export function atLeast(s: Spread, target: number): Verdict {
  if (s.q1 >= target) return 'PASS';
  if (s.q3 < target) return 'MISS';
  return 'UNSURE';
}

export function atMost(s: Spread, target: number): Verdict {
  if (s.q3 <= target) return 'PASS';
  if (s.q1 > target) return 'MISS';
  return 'UNSURE';
}

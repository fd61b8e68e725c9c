/**
 * What the cluster test prints: per phase, the calls, their statuses and latencies, as one table;
 * then each check with its outcome, and the closing "N passed, M failed" line CI reads.
 */
import type { Answer } from './ehr';

export interface Summary {
  calls: number;
  ok: number;
  unauthorized: number;
  notFound: number;
  /** 503 with a Retry-After header: the EHR is told to send it again. */
  retryLater: number;
  /** Anything else, including no answer at all. */
  other: number;
  p50: number;
  p99: number;
  max: number;
}

/** The value below which a share `q` of the sorted values lie (nearest rank). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export const isRetryLater = (answer: Answer) => answer.status === 503 && answer.retryAfter !== undefined;

export function summarise(answers: readonly Answer[]): Summary {
  const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
  const count = (test: (a: Answer) => boolean) => answers.filter(test).length;
  const ok = count((a) => a.status === 200);
  const unauthorized = count((a) => a.status === 401);
  const notFound = count((a) => a.status === 404);
  const retryLater = count(isRetryLater);
  return {
    calls: answers.length,
    ok,
    unauthorized,
    notFound,
    retryLater,
    other: answers.length - ok - unauthorized - notFound - retryLater,
    p50: percentile(ms, 0.5),
    p99: percentile(ms, 0.99),
    max: ms[ms.length - 1] ?? NaN,
  };
}

const HEADINGS = ['phase', 'calls', '200', '401', '404', '503 + Retry-After', 'other', 'p50 ms', 'p99 ms', 'max ms'];

/** A Markdown table (it reads as well in a terminal), one row per phase. */
export function phaseTable(rows: readonly { label: string; summary: Summary }[]): string {
  const cells = rows.map(({ label, summary: s }) =>
    [label, s.calls, s.ok, s.unauthorized, s.notFound, s.retryLater, s.other, s.p50, s.p99, s.max].map((v) =>
      typeof v === 'number' ? (Number.isNaN(v) ? '-' : String(Math.round(v))) : v,
    ),
  );
  const widths = HEADINGS.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  return [line(HEADINGS), `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...cells.map(line)].join('\n');
}

export interface CheckResult {
  name: string;
  passed: boolean;
  detail: string;
}

/** The test's verdicts, each named for the behaviour it proves, with what was seen. */
export class Checks {
  readonly results: CheckResult[] = [];

  check(name: string, passed: boolean, detail: string): void {
    this.results.push({ name, passed, detail });
  }

  get failed(): number {
    return this.results.filter((r) => !r.passed).length;
  }

  text(): string {
    const lines = this.results.map((r) => `  ${r.passed ? 'ok  ' : 'FAIL'} ${r.name}${r.detail ? `: ${r.detail}` : ''}`);
    return [...lines, '', `cluster: ${this.results.length - this.failed} passed, ${this.failed} failed`].join('\n');
  }
}

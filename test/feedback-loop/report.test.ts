/** The governance report as the admin endpoints shape it: the period asked for, totals, the weekly trend, the charts' data. */
import assert from 'node:assert/strict';
import { outcomeChart, parseReportRange, shapeReport, trendChart, weeklyTrend } from '../../src/feedback-loop/report';
import type { FindingReport } from '../../src/storage/governance-report';
import { NOW } from '../support/builders';

function finding(overrides: Partial<FindingReport> = {}): FindingReport {
  return {
    findingKind: 'electrolyte-low',
    serviceVersion: '0.1.0',
    knowledgeVersion: '2026.12.1',
    issued: 4,
    accepted: 1,
    overridden: 2,
    noFeedback: 1,
    overrideRate: 0.5,
    overrideReasons: [{ code: 'already-addressed', display: 'Already addressed', cards: 2 }],
    weekly: [
      { weekStart: '2026-11-02', issued: 1, accepted: 0, overridden: 1 },
      { weekStart: '2026-11-23', issued: 3, accepted: 1, overridden: 1 },
    ],
    ...overrides,
  };
}

const title = (kind: string) => (kind === 'electrolyte-low' ? 'Low electrolyte' : kind);

describe('feedback-loop: the governance report', () => {
  describe('parseReportRange', () => {
    it('takes no period as every card', () => {
      assert.deepEqual(parseReportRange({}), { range: {} });
    });

    it('reads dates as UTC days, the whole of the last day included', () => {
      assert.deepEqual(parseReportRange({ from: '2026-11-01', to: '2026-11-30' }), {
        range: { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') },
      });
    });

    it('reads date-times as given', () => {
      assert.deepEqual(parseReportRange({ from: '2026-11-01T08:00:00+01:00' }), { range: { from: new Date('2026-11-01T07:00:00Z') } });
    });

    it('refuses what is not a date, a repeated parameter, a year out of range, and an end before the start, naming the field', () => {
      const problem = 'from must be a date (YYYY-MM-DD) or an RFC 3339 date-time from the year 2000 to 2099';
      assert.deepEqual(parseReportRange({ from: 'last week' }), { field: 'from', problem });
      assert.deepEqual(parseReportRange({ from: ['2026-11-01', '2026-11-02'] }), { field: 'from', problem });
      assert.deepEqual(parseReportRange({ from: '1999-12-31' }), { field: 'from', problem });
      assert.deepEqual(parseReportRange({ from: '2026-12-01', to: '2026-11-01' }), { field: 'to', problem: 'to must be later than from' });
    });
  });

  describe('weeklyTrend', () => {
    it('adds the findings week by week and shows the weeks between as zeros', () => {
      const other = finding({ findingKind: 'mri-thigh', weekly: [{ weekStart: '2026-11-23', issued: 2, accepted: 2, overridden: 0 }] });
      assert.deepEqual(weeklyTrend([finding(), other]), [
        { weekStart: '2026-11-02', issued: 1, accepted: 0, overridden: 1 },
        { weekStart: '2026-11-09', issued: 0, accepted: 0, overridden: 0 },
        { weekStart: '2026-11-16', issued: 0, accepted: 0, overridden: 0 },
        { weekStart: '2026-11-23', issued: 5, accepted: 3, overridden: 1 },
      ]);
    });
  });

  describe('shapeReport', () => {
    it('gives the period, the totals, each finding with its title, and the trend', () => {
      const report = shapeReport(
        [finding(), finding({ findingKind: 'mri-thigh', issued: 4, accepted: 0, overridden: 0, noFeedback: 4, overrideRate: 0 })],
        { from: new Date('2026-11-01T00:00:00Z') },
        NOW,
        title,
      );
      assert.equal(report.generatedAt, NOW.toISOString());
      assert.equal(report.from, '2026-11-01T00:00:00.000Z');
      assert.equal(report.to, null);
      assert.deepEqual(report.totals, { issued: 8, accepted: 1, overridden: 2, noFeedback: 5, overrideRate: 0.25 });
      assert.deepEqual(
        report.findings.map((f) => f.title),
        ['Low electrolyte', 'mri-thigh'],
      );
    });

    it('gives an override rate of 0, not NaN, when no card was issued', () => {
      assert.deepEqual(shapeReport([], {}, NOW, title).totals, { issued: 0, accepted: 0, overridden: 0, noFeedback: 0, overrideRate: 0 });
    });
  });

  describe('the charts', () => {
    it('draw each finding as accepted, overridden and no feedback, naming versions only when they differ', () => {
      const one = shapeReport([finding()], {}, NOW, title);
      assert.deepEqual(outcomeChart(one).labels, ['Low electrolyte']);
      assert.deepEqual(
        outcomeChart(one).series.map((s) => [s.label, s.values]),
        [
          ['accepted', [1]],
          ['overridden', [2]],
          ['no feedback', [1]],
        ],
      );
      const two = shapeReport([finding(), finding({ knowledgeVersion: '2027.1.0' })], {}, NOW, title);
      assert.deepEqual(outcomeChart(two).labels, ['Low electrolyte (0.1.0, knowledge 2026.12.1)', 'Low electrolyte (0.1.0, knowledge 2027.1.0)']);
    });

    it('draw the weeks as lines of issued, accepted and overridden', () => {
      const chart = trendChart(shapeReport([finding()], {}, NOW, title));
      assert.equal(chart.type, 'line');
      assert.deepEqual(chart.labels, ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
      assert.deepEqual(chart.series.find((s) => s.label === 'overridden')?.values, [1, 0, 0, 1]);
    });
  });
});

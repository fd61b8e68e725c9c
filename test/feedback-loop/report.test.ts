/** The governance report as the admin endpoints shape it: the period asked for, totals, the weekly trend, the charts' data. */
import assert from 'node:assert/strict';
import { outcomeChart, parseReportRange, shapeReport, trendChart } from '../../src/feedback-loop/report';
import type { GroupWeek, StoreReport } from '../../src/storage/governance-report';
import { NOW } from '../support/builders';

const ZERO = { shown: 0, silent: 0, snoozed: 0, critical: 0, accepted: 0, overridden: 0, answered: 0 };
const GROUP = {
  serviceId: 'hamstring-twitch',
  findingKind: 'electrolyte-low',
  serviceVersion: '0.1.0',
  knowledgeVersion: 'k1',
  mode: 'active',
  pilotArm: null,
};
const week = (weekStart: string, counts: Partial<typeof ZERO>, group: Partial<typeof GROUP> = {}): GroupWeek => ({
  ...GROUP,
  ...group,
  weekStart,
  ...ZERO,
  ...counts,
});
const URGENT_CONTROL = { findingKind: 'urgent-assessment', mode: 'pilot', pilotArm: 'control' } as unknown as Partial<typeof GROUP>;
const URGENT_PILOT = { findingKind: 'urgent-assessment', mode: 'pilot', pilotArm: 'pilot' } as unknown as Partial<typeof GROUP>;
const call = (weekStart: string, pilotArm: string, calls: number) => ({
  serviceId: 'hamstring-twitch',
  serviceVersion: '0.1.0',
  knowledgeVersion: 'k1',
  pilotArm,
  weekStart,
  calls,
});

/** A committee's month: the low-electrolyte card active, 142 shown, 5 answered, 4 overridden; the urgent card in a pilot. */
function storeReport(): StoreReport {
  return {
    weeks: [
      week('2026-11-02', { shown: 42, accepted: 1, overridden: 1, answered: 2 }),
      week('2026-11-16', { shown: 100, overridden: 3, answered: 3 }),
      week('2026-11-16', { silent: 3 }, URGENT_CONTROL),
      week('2026-11-16', { shown: 2, critical: 2, overridden: 1, answered: 1 }, URGENT_PILOT),
    ],
    reasons: [{ ...GROUP, code: 'already-addressed', display: 'Already addressed', cards: 4 }],
    flags: [
      { ...GROUP, ...URGENT_PILOT, flags: ['weakness', 'widespread'], ...ZERO, shown: 1, overridden: 1, answered: 1 },
      { ...GROUP, ...URGENT_PILOT, flags: ['weakness'], ...ZERO, shown: 1 },
    ] as StoreReport['flags'],
    calls: [call('2026-11-02', 'control', 100), call('2026-11-02', 'pilot', 50), call('2026-11-16', 'control', 200), call('2026-11-16', 'pilot', 50)],
    userDays: [
      { shown: 3, critical: 2 },
      { shown: 1, critical: 1 },
      { shown: 1, critical: 0 },
      { shown: 2, critical: 0 },
    ],
    comments: [],
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

  describe('shapeReport', () => {
    it('gives per row cards shown and silent, firings per 100 calls of its service (its arm, in a pilot), and both override rates', () => {
      const report = shapeReport(storeReport(), { from: new Date('2026-11-01T00:00:00Z') }, NOW, title);
      assert.equal(report.generatedAt, NOW.toISOString());
      assert.equal(report.from, '2026-11-01T00:00:00.000Z');
      assert.equal(report.to, null);
      const [active, control, pilot] = report.findings;
      assert.deepEqual(
        [active.title, active.mode, active.pilotArm, active.shown, active.silent, active.hookCalls, active.firingsPer100Calls],
        ['Low electrolyte', 'active', null, 142, 0, 400, 35.5],
      );
      // 4 overridden of 5 answered is 80%, where 4 of 142 shown is 2.8%: the committee reads the first.
      assert.equal(active.overrideRateOfAnswered, 0.8);
      assert.equal(active.overrideRateOfShown, 4 / 142);
      assert.equal(active.unanswered, 137);
      assert.deepEqual(
        [control.mode, control.pilotArm, control.shown, control.silent, control.hookCalls, control.firingsPer100Calls],
        ['pilot', 'control', 0, 3, 300, 1],
      );
      assert.equal(control.overrideRateOfAnswered, null, 'no card answered: no rate, never NaN');
      assert.deepEqual([pilot.pilotArm, pilot.shown, pilot.hookCalls], ['pilot', 2, 100]);
      assert.deepEqual(
        pilot.flags.map((f) => [f.flag, f.fired, f.overridden]),
        [
          ['weakness', 2, 1],
          ['widespread', 1, 1],
        ],
      );
      assert.deepEqual(
        active.weekly.map((w) => [w.weekStart, w.shown, w.hookCalls]),
        [
          ['2026-11-02', 42, 150],
          ['2026-11-09', 0, 0],
          ['2026-11-16', 100, 250],
        ],
      );
    });

    it('totals every row, the calls of every arm, and the critical cards per user per day', () => {
      const { totals, weekly } = shapeReport(storeReport(), {}, NOW, title);
      assert.deepEqual([totals.shown, totals.silent, totals.fired, totals.hookCalls], [144, 3, 147, 400]);
      assert.deepEqual(totals.criticalPerUserDay, { userDays: 4, mean: 0.75, max: 2 });
      assert.deepEqual(
        weekly.map((w) => [w.weekStart, w.fired, w.hookCalls]),
        [
          ['2026-11-02', 42, 150],
          ['2026-11-09', 0, 0],
          ['2026-11-16', 105, 250],
        ],
      );
    });

    it('gives rates of null, not NaN, when nothing was shown or called', () => {
      const { totals } = shapeReport({ weeks: [], reasons: [], flags: [], calls: [], userDays: [], comments: [] }, {}, NOW, title);
      assert.deepEqual([totals.firingsPer100Calls, totals.overrideRateOfAnswered, totals.overrideRateOfShown], [null, null, null]);
      assert.deepEqual(totals.criticalPerUserDay, { userDays: 0, mean: 0, max: 0 });
    });
  });

  describe('the charts', () => {
    it('draw each row as accepted, overridden, no feedback and held silent, naming the mode where it differs', () => {
      const report = shapeReport(storeReport(), {}, NOW, title);
      assert.deepEqual(outcomeChart(report).labels, ['Low electrolyte', 'urgent-assessment (pilot: control arm)', 'urgent-assessment (pilot: pilot arm)']);
      assert.deepEqual(
        outcomeChart(report).series.map((s) => [s.label, s.values]),
        [
          ['accepted', [1, 0, 0]],
          ['overridden', [4, 0, 1]],
          ['no feedback', [137, 0, 1]],
          ['held silent', [0, 3, 0]],
        ],
      );
    });

    it('draw the weeks as lines, weeks without cards as zeros', () => {
      const chart = trendChart(shapeReport(storeReport(), {}, NOW, title));
      assert.equal(chart.type, 'line');
      assert.deepEqual(chart.labels, ['2026-11-02', '2026-11-09', '2026-11-16']);
      assert.deepEqual(chart.series.find((s) => s.label === 'held silent')?.values, [0, 0, 3]);
    });
  });
});

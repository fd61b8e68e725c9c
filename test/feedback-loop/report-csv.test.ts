/** The report's tables as CSV: a header row, quoting where RFC 4180 needs it, and no comment a spreadsheet would run. */
import assert from 'node:assert/strict';
import { shapeReport } from '../../src/feedback-loop/report';
import { reportCsv } from '../../src/feedback-loop/report-csv';
import { NOW } from '../support/builders';

const GROUP = {
  serviceId: 'hamstring-twitch',
  findingKind: 'electrolyte-low',
  serviceVersion: '0.1.0',
  knowledgeVersion: 'k1',
  mode: 'silent',
  pilotArm: null,
};

function report() {
  const shaped = shapeReport(
    {
      weeks: [{ ...GROUP, weekStart: '2026-11-23', shown: 0, silent: 3, snoozed: 0, critical: 0, accepted: 0, overridden: 0, answered: 0 }],
      reasons: [],
      flags: [],
      calls: [{ serviceId: 'hamstring-twitch', serviceVersion: '0.1.0', knowledgeVersion: 'k1', pilotArm: '', weekStart: '2026-11-23', calls: 12 }],
      userDays: [],
      comments: [],
    },
    {},
    NOW,
    () => 'Low electrolyte, "magnesium"',
  );
  shaped.comments = [
    {
      findingKind: 'electrolyte-low',
      serviceVersion: '0.1.0',
      knowledgeVersion: 'k1',
      mode: 'active',
      outcome: 'overridden',
      reason: null,
      comment: '=HYPERLINK("http://example.org")\nsecond line',
      receivedAt: '2026-11-26T12:00:00.000Z',
    },
  ];
  return shaped;
}

describe('feedback-loop: the report as CSV', () => {
  it('writes one row per kind, version and mode after a header, quoting text with commas or quotes', () => {
    const lines = reportCsv(report(), 'findings').split('\r\n');
    assert.equal(
      lines[0],
      'service,finding_kind,title,service_version,knowledge_version,mode,pilot_arm,fired,shown,silent,snoozed,hook_calls,firings_per_100_calls,critical_shown,accepted,overridden,answered,unanswered,override_rate_of_answered,override_rate_of_shown',
    );
    assert.equal(lines[1], 'hamstring-twitch,electrolyte-low,"Low electrolyte, ""magnesium""",0.1.0,k1,silent,,3,0,3,0,12,25,0,0,0,0,0,,');
    assert.equal(lines[2], '');
  });

  it('gives every week of the trend', () => {
    assert.deepEqual(reportCsv(report(), 'weekly').split('\r\n').slice(1), ['2026-11-23,3,0,3,0,12,25,0,0,0,0,0,,', '']);
  });

  it('never lets a comment start a formula, and keeps its line break inside quotes', () => {
    const [, row] = reportCsv(report(), 'comments').split(/\r\n(?=2026)/);
    assert.equal(row, `2026-11-26T12:00:00.000Z,electrolyte-low,0.1.0,k1,active,overridden,,"'=HYPERLINK(""http://example.org"")\nsecond line"\r\n`);
  });
});

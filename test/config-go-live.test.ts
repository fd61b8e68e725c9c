/** loadConfig: go-live modes (CARD_MODES, PILOT_USERS, PILOT_PERCENT), retention, and who may open the report. */
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config';
import { problemsOf, productionEnv } from './support/config';

describe('loadConfig: go-live', () => {
  describe('with an empty environment', () => {
    it('runs every card active, keeps the ledger two years and comments 90 days, and opens the report as the preview', () => {
      const config = loadConfig({});
      assert.deepEqual(config.modes, { rules: new Map(), pilotUsers: [], pilotPercent: 0 });
      assert.deepEqual(config.retention, { ledgerDays: 730, feedbackCommentDays: 90 });
      assert.equal(config.admin.report, 'open');
    });
  });

  describe('with CARD_MODES naming a kind, a service and *', () => {
    it('takes each rule', () => {
      const { modes } = loadConfig({
        CARD_MODES: 'likely-benign=silent, mri-thigh=pilot,hamstring-twitch-order-select=silent,*=active',
        PILOT_USERS: 'Practitioner/123,PractitionerRole/abc',
        PILOT_PERCENT: '25',
      });
      assert.deepEqual(
        [...modes.rules],
        [
          ['likely-benign', 'silent'],
          ['mri-thigh', 'pilot'],
          ['hamstring-twitch-order-select', 'silent'],
          ['*', 'active'],
        ],
      );
      assert.deepEqual(modes.pilotUsers, ['Practitioner/123', 'PractitionerRole/abc']);
      assert.equal(modes.pilotPercent, 25);
    });
  });

  describe('with every kind of mistake at once', () => {
    it('lists each problem', () => {
      const problems = problemsOf({
        CARD_MODES: 'likely-benign=quiet,no-such-kind=silent,mri-thigh,likely-benign=silent,likely-benign=active',
        PILOT_USERS: 'dr-who',
        PILOT_PERCENT: '101',
      });
      assert.deepEqual(problems.slice(0, 3), [
        'CARD_MODES mode "quiet" of likely-benign must be one of active, silent, pilot',
        problems[1],
        'CARD_MODES entry "mri-thigh" must be key=mode, such as likely-benign=silent',
      ]);
      assert.match(
        problems[1],
        /^CARD_MODES key "no-such-kind" is neither a finding kind \(.*urgent-assessment.*\), a service id \(hamstring-twitch, .*\) nor \*$/,
      );
      assert.equal(problems[3], 'CARD_MODES names likely-benign twice');
      assert.equal(problems[4], 'PILOT_USERS entry "dr-who" must be a user reference as context.userId gives it, such as Practitioner/123');
      assert.equal(problems[5], 'PILOT_PERCENT must be an integer from 0 to 100 (the share of users, besides PILOT_USERS, who see the pilot cards); got "101"');
    });
  });

  describe('with a pilot nobody is in, or pilot users without a pilot', () => {
    it('says each would change nothing', () => {
      assert.deepEqual(problemsOf({ CARD_MODES: 'mri-thigh=pilot' }), [
        'CARD_MODES sets a pilot, but PILOT_USERS is empty and PILOT_PERCENT is 0: nobody would see its cards (use silent for that)',
      ]);
      assert.deepEqual(problemsOf({ CARD_MODES: 'mri-thigh=silent', PILOT_PERCENT: '10' }), [
        'PILOT_USERS or PILOT_PERCENT is set, but no CARD_MODES entry is pilot: they would change nothing',
      ]);
    });
  });

  describe('with retention settings', () => {
    it('takes them, a shorter ledger shortening the comments default', () => {
      assert.deepEqual(loadConfig({ LEDGER_RETENTION_DAYS: '30' }).retention, { ledgerDays: 30, feedbackCommentDays: 30 });
      assert.deepEqual(loadConfig({ LEDGER_RETENTION_DAYS: '400', FEEDBACK_COMMENT_RETENTION_DAYS: '0' }).retention, {
        ledgerDays: 400,
        feedbackCommentDays: 0,
      });
    });

    it('refuses comments kept longer than their ledger, and lengths out of range', () => {
      assert.deepEqual(problemsOf({ LEDGER_RETENTION_DAYS: '60', FEEDBACK_COMMENT_RETENTION_DAYS: '90' }), [
        "FEEDBACK_COMMENT_RETENTION_DAYS (90) cannot exceed LEDGER_RETENTION_DAYS (60): a comment goes with its card's feedback",
      ]);
      assert.deepEqual(problemsOf({ LEDGER_RETENTION_DAYS: '3' }), ['LEDGER_RETENTION_DAYS must be an integer from 7 to 3650; got "3"']);
    });
  });

  describe('in production', () => {
    it('puts the report behind ADMIN_TOKEN, and turns it off without one', () => {
      assert.equal(loadConfig(productionEnv()).admin.report, 'off');
      assert.equal(loadConfig({ ...productionEnv(), ADMIN_TOKEN: 'a1'.repeat(32) }).admin.report, 'admin');
    });
  });
});

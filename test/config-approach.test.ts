/** loadConfig: the approach's sign-off (APPROACH_*), shown on /approach and /healthz. */
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config';
import { problemsOf } from './support/config';

const SIGNED = {
  APPROACH_OWNER: 'Neurology CDS committee (chair: Dr A. Example)',
  APPROACH_APPROVED_VERSION: '2026.12.1',
  APPROACH_APPROVED_ON: '2026-11-20',
  APPROACH_REVIEW_DUE: '2027-11-20',
};

describe('loadConfig: the approach sign-off', () => {
  describe('with an empty environment', () => {
    it('names no owner and no approval: the page says it is not yet approved', () => {
      assert.deepEqual(loadConfig({}).approach, { owner: undefined, approvedVersion: undefined, approvedOn: undefined, reviewDue: undefined });
    });
  });

  describe('with owner, approved version, approval and review dates', () => {
    it('keeps them as given', () => {
      assert.deepEqual(loadConfig(SIGNED).approach, {
        owner: 'Neurology CDS committee (chair: Dr A. Example)',
        approvedVersion: '2026.12.1',
        approvedOn: '2026-11-20',
        reviewDue: '2027-11-20',
      });
    });
  });

  describe('with a day that is not on the calendar', () => {
    it('names the variable and the form it expects', () => {
      assert.deepEqual(problemsOf({ ...SIGNED, APPROACH_REVIEW_DUE: '2027-02-30' }), [
        'APPROACH_REVIEW_DUE must be a calendar day written YYYY-MM-DD, such as 2026-12-01; got "2027-02-30"',
      ]);
    });
  });

  describe('with an approval dated in the future', () => {
    it('refuses it', () => {
      const problems = problemsOf({ ...SIGNED, APPROACH_APPROVED_ON: '2999-01-01', APPROACH_REVIEW_DUE: '2999-06-01' });
      assert.deepEqual(problems, ['APPROACH_APPROVED_ON (2999-01-01) is in the future: give the day the committee approved it']);
    });
  });

  describe('with an approval date but no version', () => {
    it('asks for the knowledge version the committee approved', () => {
      assert.deepEqual(problemsOf({ APPROACH_APPROVED_ON: '2026-11-20' }), [
        'APPROACH_APPROVED_VERSION is required with APPROACH_APPROVED_ON: name the knowledge version the committee approved (shown on /healthz)',
      ]);
    });
  });

  describe('with a review due before the approval', () => {
    it('refuses it', () => {
      assert.deepEqual(problemsOf({ ...SIGNED, APPROACH_REVIEW_DUE: '2026-11-01' }), [
        'APPROACH_REVIEW_DUE (2026-11-01) must come after APPROACH_APPROVED_ON (2026-11-20)',
      ]);
    });
  });

  describe('with several problems', () => {
    it('lists every one of them', () => {
      const problems = problemsOf({ APPROACH_OWNER: 'line one\nline two', APPROACH_APPROVED_VERSION: 'v1', APPROACH_REVIEW_DUE: 'next year' });
      assert.deepEqual(problems, [
        'APPROACH_OWNER must be a name, role or committee of at most 200 characters on one line',
        'APPROACH_APPROVED_VERSION must be a knowledge version such as 2026.12.1 (year.month.release); got "v1"',
        'APPROACH_REVIEW_DUE must be a calendar day written YYYY-MM-DD, such as 2026-12-01; got "next year"',
        'APPROACH_APPROVED_ON is required with APPROACH_APPROVED_VERSION: the day it was approved',
        'APPROACH_REVIEW_DUE needs APPROACH_APPROVED_ON: a review follows an approval',
      ]);
    });
  });
});

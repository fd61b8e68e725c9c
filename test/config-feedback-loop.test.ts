/** loadConfig: snoozes (SNOOZE_DAYS, SNOOZE_CRITICAL_HOURS), the admin token and who may open the card preview. */
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config';
import { problemsOf, productionEnv } from './support/config';

const TOKEN = 'a1'.repeat(32);

describe('loadConfig: the feedback loop', () => {
  describe('with an empty environment', () => {
    it('snoozes overridden cards 30 days, critical ones 24 hours; the preview and the report open', () => {
      const config = loadConfig({});
      assert.deepEqual(config.feedbackLoop, { snoozeDays: 30, snoozeCriticalHours: 24 });
      assert.deepEqual(config.admin, { token: undefined, preview: 'open', report: 'open' });
    });
  });

  describe('with SNOOZE_DAYS=0 and SNOOZE_CRITICAL_HOURS=8', () => {
    it('takes them', () => {
      assert.deepEqual(loadConfig({ SNOOZE_DAYS: '0', SNOOZE_CRITICAL_HOURS: '8' }).feedbackLoop, { snoozeDays: 0, snoozeCriticalHours: 8 });
    });
  });

  describe('with snooze lengths out of range', () => {
    it('names each variable and its range', () => {
      assert.deepEqual(problemsOf({ SNOOZE_DAYS: '366', SNOOZE_CRITICAL_HOURS: '-1' }), [
        'SNOOZE_DAYS must be an integer from 0 to 365 (0 switches snoozing off); got "366"',
        'SNOOZE_CRITICAL_HOURS must be an integer from 0 to 168 (0: critical cards are never snoozed); got "-1"',
      ]);
    });
  });

  describe('with ADMIN_TOKEN set outside production', () => {
    it('serves the admin pages with it and leaves the preview open', () => {
      assert.deepEqual(loadConfig({ ADMIN_TOKEN: TOKEN }).admin, { token: TOKEN, preview: 'open', report: 'open' });
    });
  });

  describe('with an ADMIN_TOKEN too short, or with a space', () => {
    it('refuses it without quoting it', () => {
      assert.deepEqual(problemsOf({ ADMIN_TOKEN: 'short-secret' }), ['ADMIN_TOKEN must be at least 32 characters long; got 12']);
      const [problem] = problemsOf({ ADMIN_TOKEN: `${TOKEN} x` });
      assert.equal(problem, 'ADMIN_TOKEN must be printable ASCII without spaces (such as the output of `openssl rand -hex 32`)');
    });
  });

  describe('in production', () => {
    it('turns the preview off without ADMIN_TOKEN', () => {
      assert.deepEqual(loadConfig(productionEnv()).admin, { token: undefined, preview: 'off', report: 'off' });
    });

    it('puts the preview behind ADMIN_TOKEN when it is set', () => {
      assert.deepEqual(loadConfig({ ...productionEnv(), ADMIN_TOKEN: TOKEN }).admin, { token: TOKEN, preview: 'admin', report: 'admin' });
    });
  });
});

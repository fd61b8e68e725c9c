/** The hook path's snooze look-up: never fails the call, gives up at its deadline, leaves a failing store alone a while. */
import assert from 'node:assert/strict';
import { createLogger } from '../../src/logger';
import { SnoozeLookups, type SnoozeSource } from '../../src/feedback-loop/snooze-lookup';
import type { Snooze } from '../../src/storage/card-snoozes';
import { StoreUnavailableError } from '../../src/storage/errors';
import { NOW } from '../support/builders';

const SNOOZE: Snooze = { patientHash: 'p', findingKey: 'mri-thigh', evidenceFingerprint: 'x', until: NOW, cardUuid: 'c', createdAt: NOW };

/** A store whose answers a test scripts, counting the questions. */
function scriptedSource(answer: () => Promise<Snooze[]>): SnoozeSource & { asked: number } {
  const source = {
    asked: 0,
    activeFor: () => {
      source.asked += 1;
      return answer();
    },
  };
  return source;
}

describe('feedback-loop: SnoozeLookups', () => {
  let clockMs = 0;
  const options = { deadlineMs: 30, restMs: 5_000, monotonicMs: () => clockMs };
  beforeEach(() => {
    clockMs = 0;
  });

  describe('when the store answers', () => {
    it("gives the patient's snoozes", async () => {
      const lookups = new SnoozeLookups(
        scriptedSource(() => Promise.resolve([SNOOZE])),
        createLogger('silent'),
        options,
      );
      assert.deepEqual(await lookups.lookUp('p', NOW), { available: true, snoozes: [SNOOZE] });
    });
  });

  describe('when the store fails', () => {
    it('says unavailable instead of failing, and does not ask again until the rest period is over', async () => {
      let failing = true;
      const source = scriptedSource(() => (failing ? Promise.reject(new StoreUnavailableError('down')) : Promise.resolve([SNOOZE])));
      const lookups = new SnoozeLookups(source, createLogger('silent'), options);
      assert.deepEqual(await lookups.lookUp('p', NOW), { available: false });
      clockMs = 4_999;
      assert.deepEqual(await lookups.lookUp('p', NOW), { available: false });
      assert.equal(source.asked, 1);
      failing = false;
      clockMs = 5_000;
      assert.deepEqual(await lookups.lookUp('p', NOW), { available: true, snoozes: [SNOOZE] });
      assert.equal(source.asked, 2);
    });
  });

  describe('when the store never answers', () => {
    it('says unavailable at the deadline', async () => {
      const lookups = new SnoozeLookups(
        scriptedSource(() => new Promise<Snooze[]>(() => undefined)),
        createLogger('silent'),
        options,
      );
      assert.deepEqual(await lookups.lookUp('p', NOW), { available: false });
    });
  });

  describe('when the store fails and recovers', () => {
    it('logs once when snoozes become unavailable and once when they are back', async () => {
      const lines: { level: number; msg: string }[] = [];
      const logger = createLogger('info', { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) });
      let failing = true;
      const lookups = new SnoozeLookups(
        scriptedSource(() => (failing ? Promise.reject(new Error('boom')) : Promise.resolve([]))),
        logger,
        options,
      );
      await lookups.lookUp('p', NOW);
      clockMs = 6_000;
      await lookups.lookUp('p', NOW);
      failing = false;
      clockMs = 12_000;
      await lookups.lookUp('p', NOW);
      await lookups.lookUp('p', NOW);
      assert.deepEqual(
        lines.map((l) => l.msg),
        [
          'snoozes unavailable: hook calls serve every card, overridden ones included, until the store answers again',
          'snoozes available again: overridden cards are held back again',
        ],
      );
    });
  });
});

/** Snoozes in the store: the same contract on SQLite and PostgreSQL. */
import assert from 'node:assert/strict';
import { StoreInputError } from '../../src/storage/errors';
import type { Snooze } from '../../src/storage/card-snoozes';
import type { Store } from '../../src/storage/store';
import { NOW } from '../support/builders';
import { forEachForm } from './support/forms';
import { cardUuid, PATIENT_HASH } from './support/rows';

const days = (n: number) => new Date(NOW.getTime() + n * 24 * 3600 * 1000);

function snooze(overrides: Partial<Snooze> = {}): Snooze {
  return {
    patientHash: PATIENT_HASH,
    findingKey: 'electrolyte-low:magnesium',
    evidenceFingerprint: 'sha256:mg-1.3',
    until: days(30),
    cardUuid: cardUuid(),
    createdAt: NOW,
    ...overrides,
  };
}

describe('store: card snoozes', () => {
  forEachForm((form) => {
    let store: Store;
    beforeEach(() => {
      store = form.open();
    });

    it("gives back a patient's running snoozes by finding key, and none of another patient's", async () => {
      const magnesium = snooze();
      const mri = snooze({ findingKey: 'mri-thigh', until: days(1) });
      await store.snoozes.upsert(mri);
      await store.snoozes.upsert(magnesium);
      await store.snoozes.upsert(snooze({ patientHash: 'another-patient' }));
      assert.deepEqual(await store.snoozes.activeFor(PATIENT_HASH, NOW), [magnesium, mri]);
    });

    it('replaces the snooze of a finding when it is snoozed again', async () => {
      await store.snoozes.upsert(snooze());
      const again = snooze({ evidenceFingerprint: 'sha256:mg-1.2', until: days(60), createdAt: days(5) });
      await store.snoozes.upsert(again);
      assert.deepEqual(await store.snoozes.activeFor(PATIENT_HASH, days(5)), [again]);
    });

    it('keeps the snooze of the later override when an earlier override arrives after it', async () => {
      const later = snooze({ evidenceFingerprint: 'sha256:mg-1.2', until: days(31), createdAt: days(1) });
      await store.snoozes.upsert(later);
      await store.snoozes.upsert(snooze({ until: days(30), createdAt: NOW }));
      assert.deepEqual(await store.snoozes.activeFor(PATIENT_HASH, days(1)), [later]);
    });

    it('stops answering a snooze at its end', async () => {
      await store.snoozes.upsert(snooze({ until: days(30) }));
      assert.equal((await store.snoozes.activeFor(PATIENT_HASH, days(29))).length, 1);
      assert.deepEqual(await store.snoozes.activeFor(PATIENT_HASH, days(30)), []);
    });

    it('purges the snoozes that are over and keeps the others', async () => {
      await store.snoozes.upsert(snooze({ findingKey: 'short', until: days(1) }));
      await store.snoozes.upsert(snooze({ findingKey: 'long', until: days(30) }));
      assert.equal(await store.snoozes.purgeExpired(days(2)), 1);
      assert.deepEqual(
        (await store.snoozes.activeFor(PATIENT_HASH, NOW)).map((s) => s.findingKey),
        ['long'],
      );
    });

    it('refuses a finding key with a NUL, and an end in the year 10000, naming the field', async () => {
      await assert.rejects(
        store.snoozes.upsert(snooze({ findingKey: 'a\u0000' })),
        (err: unknown) => err instanceof StoreInputError && err.field === 'findingKey',
      );
      await assert.rejects(
        store.snoozes.upsert(snooze({ until: new Date('+010000-01-01T00:00:00Z') })),
        (err: unknown) => err instanceof StoreInputError && err.field === 'until',
      );
      assert.deepEqual(await store.snoozes.activeFor(PATIENT_HASH, NOW), []);
    });
  });
});

/** The JWT replay cache in the store: the same contract on SQLite and PostgreSQL. */
import assert from 'node:assert/strict';
import { StoreInputError } from '../../src/storage/errors';
import { REPLAY_PURGE_INTERVAL_MS } from '../../src/storage/replay-claims';
import type { Store } from '../../src/storage/store';
import { NOW } from '../support/builders';
import { forEachForm } from './support/forms';

const EHR = 'https://ehr.example.org';
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

describe('store: JWT replay claims', () => {
  forEachForm((form) => {
    let now: Date;
    let store: Store;
    beforeEach(() => {
      now = NOW;
      store = form.open({ clock: () => now });
    });

    it('accepts a jti the first time and refuses it again before it expires', async () => {
      assert.equal(await store.replayCache.claim(EHR, 'jti-1', minutes(5)), true);
      assert.equal(await store.replayCache.claim(EHR, 'jti-1', minutes(5)), false);
    });

    it('keeps issuers apart: the same jti from another issuer is new', async () => {
      assert.equal(await store.replayCache.claim('https://a.example.org', 'jti-2', minutes(5)), true);
      assert.equal(await store.replayCache.claim('https://b.example.org', 'jti-2', minutes(5)), true);
    });

    it('lets a jti be claimed again once its token has expired', async () => {
      assert.equal(await store.replayCache.claim(EHR, 'jti-3', minutes(5)), true);
      now = minutes(6);
      assert.equal(await store.replayCache.claim(EHR, 'jti-3', minutes(11)), true);
      assert.equal(await store.replayCache.claim(EHR, 'jti-3', minutes(11)), false);
    });

    it('lets exactly one of ten simultaneous claims of one jti win', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => store.replayCache.claim(EHR, 'jti-race', minutes(5))));
      assert.equal(results.filter(Boolean).length, 1);
    });

    it('treats the separator characters in iss and jti as data', async () => {
      assert.equal(await store.replayCache.claim('a","b', 'c', minutes(5)), true);
      assert.equal(await store.replayCache.claim('a', 'b","c', minutes(5)), true);
    });

    it('keeps its claims across a restart', async () => {
      await store.replayCache.claim(EHR, 'jti-kept', minutes(5));
      await store.close();
      assert.equal(await form.open({ clock: () => now }).replayCache.claim(EHR, 'jti-kept', minutes(5)), false);
    });

    describe('purging', () => {
      it('deletes the claims of expired tokens and keeps the others', async () => {
        await store.replayCache.claim(EHR, 'old', minutes(5));
        await store.replayCache.claim(EHR, 'young', minutes(30));
        assert.equal(await store.replayCache.purgeExpired(minutes(10)), 1);
        now = minutes(10);
        assert.equal(await store.replayCache.claim(EHR, 'young', minutes(30)), false, 'the unexpired claim is still there');
      });

      it('purges on its own, beside a claim that comes after the purge interval', async () => {
        await store.replayCache.claim(EHR, 'old', minutes(5));
        now = new Date(NOW.getTime() + REPLAY_PURGE_INTERVAL_MS + 10 * 60_000);
        await store.replayCache.claim(EHR, 'new', minutes(100));
        // The purge does not delay the claim; it ends moments later (or the test times out).
        while ((await form.count('jwt_replay_claims')) > 1) await new Promise((resolve) => setTimeout(resolve, 5));
        assert.equal(await store.replayCache.claim(EHR, 'new', minutes(100)), false, 'the new claim stays');
      });
    });

    describe('with input that can never be stored', () => {
      const refusals: [string, () => Promise<boolean>, string][] = [
        ['a NUL in the jti', () => store.replayCache.claim(EHR, 'a\u0000b', minutes(5)), 'jti'],
        ['a lone surrogate in the jti', () => store.replayCache.claim(EHR, 'a\uD800b', minutes(5)), 'jti'],
        ['a NUL in the issuer', () => store.replayCache.claim('https://ehr\u0000.example.org', 'j', minutes(5)), 'issuer'],
        ['an expiry of 1e20 seconds', () => store.replayCache.claim(EHR, 'j', new Date(1e20 * 1000)), 'expiresAt'],
        ['an expiry in the year 0000', () => store.replayCache.claim(EHR, 'j', new Date('0000-06-01T00:00:00Z')), 'expiresAt'],
        ['an expiry in the year 10000', () => store.replayCache.claim(EHR, 'j', new Date('+010000-01-01T00:00:00Z')), 'expiresAt'],
      ];
      for (const [what, claim, field] of refusals) {
        it(`refuses ${what} with StoreInputError naming ${field}, and keeps working`, async () => {
          await assert.rejects(claim(), (err: unknown) => err instanceof StoreInputError && err.field === field);
          assert.equal(await store.replayCache.claim(EHR, 'after', minutes(5)), true);
        });
      }

      it('accepts a surrogate pair (an emoji) like any other text', async () => {
        assert.equal(await store.replayCache.claim(EHR, 'jti-\u{1F600}', minutes(5)), true);
        assert.equal(await store.replayCache.claim(EHR, 'jti-\u{1F600}', minutes(5)), false);
      });
    });
  });
});

/**
 * The feedback loop on the hook path: every card returned goes to the ledger (after the answer,
 * with the patient only as a keyed hash), and a card a clinician overrode stays away from that
 * patient for SNOOZE_DAYS (24 h when critical) unless its evidence changes; other patients still
 * get it. A store that fails never fails the call: its cards come unfiltered.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import request from 'supertest';
import type { Card } from '../../src/cards/types';
import { CARD_EXTENSION, type CardExtension } from '../../src/cards/types';
import { createLogger } from '../../src/logger';
import { StoreUnavailableError } from '../../src/storage/errors';
import { inMemoryStore, type Store } from '../../src/storage/store';
import { KNOWLEDGE_VERSION, SERVICE_VERSION } from '../../src/version';
import { SERVICE_URL, testApp } from '../support/app';
import { bundle, hookRequest, magnesium, NOW, patient, PATIENT_ID, twitching } from '../support/builders';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const OTHER_PATIENT = 'pt-other';

type Line = Record<string, unknown>;

function findingOf(card: Card): string {
  return (card.extension?.[CARD_EXTENSION] as CardExtension).finding;
}

/** Twitching for 5 days and a magnesium result of `mg` mg/dL, for `patientId`. */
function chart(mg: number, patientId = PATIENT_ID, magnesiumId = 'mg-1') {
  return hookRequest(
    {
      patient: patient(patientId),
      conditions: bundle(twitching(5, { patientId })),
      observations: bundle(magnesium(mg, { id: magnesiumId, patientId })),
    },
    { patientId },
  );
}

interface Loop {
  app: Express;
  store: Store;
  lines: Line[];
  /** Moves the app's clock. */
  advance: (ms: number) => void;
}

function loop(env: { snoozeDays?: number; snoozeCriticalHours?: number } = {}, store: Store = inMemoryStore()): Loop {
  let now = NOW.getTime();
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Line),
      );
      done();
    },
  });
  const app = testApp(
    { feedbackLoop: { snoozeDays: env.snoozeDays ?? 30, snoozeCriticalHours: env.snoozeCriticalHours ?? 24 } },
    { store, clock: () => new Date(now), logger: createLogger('info', stream) },
  );
  return { app, store, lines, advance: (ms) => (now += ms) };
}

async function cardsOf(app: Express, body: object): Promise<Card[]> {
  const res = await request(app).post(SERVICE_URL).send(body).expect(200);
  return (res.body as { cards: Card[] }).cards;
}

async function override(app: Express, card: Card, outcomeTimestamp = NOW.toISOString()): Promise<void> {
  const item = { card: card.uuid, outcome: 'overridden', overrideReason: { reason: card.overrideReasons![0] }, outcomeTimestamp };
  await request(app)
    .post(`${SERVICE_URL}/feedback`)
    .send({ feedback: [item] })
    .expect(200);
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('POST /cds-services/hamstring-twitch: the card ledger and snoozes', () => {
  describe('for a call with cards', () => {
    it("records every card returned: uuid, service, hook, finding, indicator, lines, versions, hookInstance, time, the patient's hash, fingerprint, suggestions", async () => {
      const { app, store } = loop();
      const body = chart(1.3);
      const cards = await cardsOf(app, body);
      await store.ledger.flush();
      const rows = await store.ledger.find(cards.map((c) => c.uuid));
      assert.equal(rows.length, cards.length);
      for (const [i, card] of cards.entries()) {
        const extension = card.extension?.[CARD_EXTENSION] as CardExtension;
        const row = rows[i];
        assert.deepEqual(
          { ...row, evidenceFingerprint: typeof row.evidenceFingerprint, findingKey: row.findingKey.startsWith(extension.finding) },
          {
            cardUuid: card.uuid,
            serviceId: 'hamstring-twitch',
            hook: 'patient-view',
            findingKind: extension.finding,
            findingKey: true,
            indicator: card.indicator,
            approachLineIds: extension.lines,
            serviceVersion: SERVICE_VERSION,
            knowledgeVersion: KNOWLEDGE_VERSION,
            hookInstance: body.hookInstance,
            issuedAt: NOW,
            patientHash: store.hashPatient(PATIENT_ID),
            evidenceFingerprint: 'string',
            suggestionUuids: (card.suggestions ?? []).map((s) => s.uuid),
            mode: 'active',
            delivery: 'shown',
            userHash: store.hashUser(body.context.userId),
            flagKinds: [],
          },
        );
      }
      assert.ok(!JSON.stringify(rows).includes(PATIENT_ID), 'the ledger never holds the patient id');
      assert.ok(!JSON.stringify(rows).includes(body.context.userId), 'nor the user reference');
    });
  });

  describe('when the ledger refuses the cards', () => {
    it('still answers 200 with the cards, and logs the failure without the rows', async () => {
      const base = loop();
      const refusing: Store = {
        ...base.store,
        ledger: {
          ...base.store.ledger,
          enqueue: () => {
            throw new Error('the card ledger writer is closed');
          },
        },
      };
      const { app, lines } = loop({}, refusing);
      const cards = await cardsOf(app, chart(1.3));
      assert.ok(cards.length > 0);
      await settle();
      const failure = lines.find((l) => l.msg === 'cards could not be queued for the card ledger');
      assert.deepEqual({ errorName: failure?.errorName, cards: failure?.cards }, { errorName: 'Error', cards: cards.length });
    });
  });

  describe('after a clinician overrides the low magnesium card', () => {
    let subject: Loop;
    let overridden: Card;
    beforeEach(async () => {
      subject = loop();
      const cards = await cardsOf(subject.app, chart(1.3));
      overridden = cards.find((c) => findingOf(c) === 'electrolyte-low')!;
      assert.ok(overridden, 'the chart gets a low magnesium card');
      await override(subject.app, overridden);
    });

    it('leaves it out of the same call for that patient, keeps the other cards, and says so in the log line', async () => {
      const cards = await cardsOf(subject.app, chart(1.3));
      assert.deepEqual(
        cards.map(findingOf).filter((f) => f === 'electrolyte-low'),
        [],
      );
      assert.ok(cards.length > 0, 'the other cards still come');
      await settle();
      const hookLines = subject.lines.filter((l) => l.msg === 'hook call');
      assert.deepEqual(hookLines.at(-1)?.snoozed, ['electrolyte-low']);
    });

    it('still shows it to another patient', async () => {
      const cards = await cardsOf(subject.app, chart(1.3, OTHER_PATIENT));
      assert.ok(cards.map(findingOf).includes('electrolyte-low'));
    });

    it('shows it again when its evidence changes: a new magnesium result', async () => {
      const cards = await cardsOf(subject.app, chart(1.4, PATIENT_ID, 'mg-2'));
      assert.ok(cards.map(findingOf).includes('electrolyte-low'));
    });

    it('keeps it away 30 days, then shows it again', async () => {
      subject.advance(30 * DAY - HOUR);
      assert.ok(!(await cardsOf(subject.app, chart(1.3))).map(findingOf).includes('electrolyte-low'));
      subject.advance(2 * HOUR);
      assert.ok((await cardsOf(subject.app, chart(1.3))).map(findingOf).includes('electrolyte-low'));
    });
  });

  describe('after a clinician overrides a critical card (magnesium 1.0 mg/dL)', () => {
    it('keeps it away 24 hours, not 30 days', async () => {
      const { app, advance } = loop();
      const critical = (await cardsOf(app, chart(1.0))).find((c) => c.indicator === 'critical');
      assert.ok(critical, 'a severe deficiency gets a critical card');
      await override(app, critical);
      advance(23 * HOUR);
      assert.ok(!(await cardsOf(app, chart(1.0))).some((c) => c.indicator === 'critical'));
      advance(2 * HOUR);
      assert.ok((await cardsOf(app, chart(1.0))).some((c) => c.indicator === 'critical'));
    });
  });

  describe('after a clinician accepts a card', () => {
    it('shows it again on the next call', async () => {
      const { app } = loop();
      const card = (await cardsOf(app, chart(1.3))).find((c) => findingOf(c) === 'electrolyte-low')!;
      const item = { card: card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: card.suggestions![0].uuid }], outcomeTimestamp: NOW.toISOString() };
      await request(app)
        .post(`${SERVICE_URL}/feedback`)
        .send({ feedback: [item] })
        .expect(200);
      assert.ok((await cardsOf(app, chart(1.3))).map(findingOf).includes('electrolyte-low'));
    });
  });

  describe('with SNOOZE_DAYS=0', () => {
    it('shows an overridden card again at once', async () => {
      const { app, store } = loop({ snoozeDays: 0 });
      const card = (await cardsOf(app, chart(1.3))).find((c) => findingOf(c) === 'electrolyte-low')!;
      await override(app, card);
      assert.ok((await cardsOf(app, chart(1.3))).map(findingOf).includes('electrolyte-low'));
      assert.deepEqual(await store.snoozes.activeFor(store.hashPatient(PATIENT_ID), NOW), [], 'no snooze is made');
    });
  });

  describe('for a call without cards (no twitching on record)', () => {
    it("asks the store nothing: neither the snooze question nor the patient's hash", async () => {
      const asked: string[] = [];
      const store = inMemoryStore();
      const watched: Store = {
        ...store,
        hashPatient: (id) => {
          asked.push('hash');
          return store.hashPatient(id);
        },
        snoozes: {
          ...store.snoozes,
          activeFor: (hash, now) => {
            asked.push('snoozes');
            return store.snoozes.activeFor(hash, now);
          },
        },
      };
      const { app } = loop({}, watched);
      const noTwitching = hookRequest({ patient: patient(PATIENT_ID), conditions: bundle(), observations: bundle(magnesium(1.3)) });
      assert.deepEqual(await cardsOf(app, noTwitching), []);
      assert.deepEqual(asked, []);
      await cardsOf(app, chart(1.3));
      assert.deepEqual(asked, ['hash', 'snoozes'], 'a call with cards asks both');
    });
  });

  describe("when the store cannot give the patient's snoozes", () => {
    for (const [what, activeFor] of [
      ['fails', () => Promise.reject(new StoreUnavailableError('connection refused'))],
      ['never answers', () => new Promise<never>(() => undefined)],
    ] as const) {
      it(`(${what}) answers 200 with every card, the overridden one included, and says so in the log line`, async () => {
        const { app: first, store } = loop();
        const card = (await cardsOf(first, chart(1.3))).find((c) => findingOf(c) === 'electrolyte-low')!;
        await override(first, card);
        const broken: Store = { ...store, snoozes: { ...store.snoozes, activeFor } };
        const { app, lines } = loop({}, broken);
        const cards = await cardsOf(app, chart(1.3));
        assert.ok(cards.map(findingOf).includes('electrolyte-low'));
        await settle();
        assert.equal(lines.find((l) => l.msg === 'hook call')?.snoozes, 'unavailable');
      });
    }
  });
});

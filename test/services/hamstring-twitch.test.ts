/** POST /cds-services/hamstring-twitch: the cards a patient-view call gets back. */
import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import type { Card } from '../../src/cards/types';
import { SERVICE_URL, testApp } from '../support/app';
import { assertConformingCard, emptyValuePaths, UUID } from '../support/cards';
import {
  bundle,
  condition,
  daysAgo,
  hookRequest,
  ICD10CM,
  LOINC,
  magnesium,
  observation,
  PATIENT_ID,
  SNOMED,
  twitching,
  type HookRequestBody,
} from '../support/builders';

async function cardsFor(app: Express, body: HookRequestBody): Promise<Card[]> {
  const res = await request(app).post(SERVICE_URL).send(body);
  assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 500));
  return (res.body as { cards: Card[] }).cards;
}

const ELECTROLYTES_MISSING = 'No magnesium, potassium or calcium result in the last 90 days: check them; low levels can cause twitching';

function summaries(cards: readonly Card[]): string {
  return cards.map((c) => c.summary).join(' | ');
}

function cardStarting(cards: readonly Card[], prefix: string): Card {
  const card = cards.find((c) => c.summary.startsWith(prefix));
  assert.ok(card, `no card starting "${prefix}" among: ${summaries(cards)}`);
  return card;
}

function cardMatching(cards: readonly Card[], pattern: RegExp): Card {
  const card = cards.find((c) => pattern.test(c.summary));
  assert.ok(card, `no card matching ${String(pattern)} among: ${summaries(cards)}`);
  return card;
}

/** A patient with many findings at once: red flags, persistent twitching, thigh pain, severe hypokalemia, an abnormal ABI. */
function busyPatient(): HookRequestBody {
  return hookRequest({
    conditions: bundle(
      twitching(40),
      condition({ system: SNOMED, code: '26544005', onset: daysAgo(10) }), // muscle weakness
      condition({ code: 'I70.212', onset: daysAgo(60) }), // claudication, left leg
      condition({ code: 'M79.652', onset: daysAgo(20) }), // pain in left thigh
      condition({ system: SNOMED, code: '91019004', onset: daysAgo(8) }), // paresthesia
    ),
    observations: bundle(
      observation({ code: '2823-3', value: 2.3, unit: 'mmol/L', unitCode: 'mmol/L' }),
      observation({ code: '77194-9', value: 0.85, unit: '{ratio}', unitCode: '{ratio}' }),
    ),
  });
}

describe('POST /cds-services/hamstring-twitch (patient-view)', () => {
  const app = testApp();

  describe('with no twitching on record (thigh pain and cramps only)', () => {
    it('answers exactly {"cards": []}', async () => {
      const res = await request(app)
        .post(SERVICE_URL)
        .send(hookRequest({ conditions: bundle(condition({ code: 'M79.652' }), condition({ code: 'R25.2' })) }));
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { cards: [] });
    });
  });

  describe('with recent twitching and no electrolyte result', () => {
    let cards: Card[];
    before(async () => {
      cards = await cardsFor(app, hookRequest({ conditions: bundle(twitching(5)) }));
    });

    it('answers an electrolytes card and a likely-benign card, in that order', () => {
      assert.deepEqual(
        cards.map((c) => [c.summary, c.indicator]),
        [
          [ELECTROLYTES_MISSING, 'info'],
          ['Twitching for 5 days, no red flags: likely benign; review activity, hydration, diet and stimulants', 'info'],
        ],
      );
    });

    it('suggests magnesium, potassium and calcium, any of which may be chosen', () => {
      const card = cards[0];
      assert.deepEqual(
        card.suggestions!.map((s) => s.label),
        ['Order serum magnesium', 'Order serum potassium', 'Order serum calcium'],
      );
      assert.equal(card.selectionBehavior, 'any');
      assert.ok(card.suggestions!.every((s) => s.isRecommended === true));
    });

    it('creates draft ServiceRequest proposals for this patient coded with LOINC', () => {
      const expectedLoinc = ['19123-9', '2823-3', '17861-6'];
      for (const [i, suggestion] of cards[0].suggestions!.entries()) {
        assert.equal(suggestion.actions.length, 1);
        const action = suggestion.actions[0];
        assert.equal(action.type, 'create');
        const sr = action.resource!;
        assert.equal(sr.resourceType, 'ServiceRequest');
        assert.equal(sr.status, 'draft');
        assert.equal(sr.intent, 'proposal');
        assert.deepEqual(sr.subject, { reference: `Patient/${PATIENT_ID}` });
        assert.equal(sr.authoredOn, '2026-11-26T12:00:00.000Z');
        assert.deepEqual(sr.requester, { reference: 'Practitioner/dr-test' });
        assert.equal(sr.encounter, undefined);
        for (const coding of sr.code!.coding!) assert.ok(coding.display, `coding ${coding.code} has no display`);
        const loinc = sr.code!.coding!.filter((c) => c.system === LOINC).map((c) => c.code);
        assert.deepEqual(loinc, [expectedLoinc[i]]);
      }
    });

    it('gives the likely-benign card no suggestions and no selectionBehavior', () => {
      assert.equal(cards[1].suggestions, undefined);
      assert.equal(cards[1].selectionBehavior, undefined);
    });
  });

  describe('with many findings at once', () => {
    let cards: Card[];
    let body: unknown;
    before(async () => {
      const res = await request(app).post(SERVICE_URL).send(busyPatient());
      assert.equal(res.status, 200);
      body = res.body;
      cards = (res.body as { cards: Card[] }).cards;
    });

    it('answers few cards, one urgent message first: the new red flag and the severe potassium in one critical card, the assessed claudication a line in it', () => {
      assert.ok(cards.length <= 5, summaries(cards));
      assert.equal(cards[0].indicator, 'critical');
      assert.equal(cards.filter((c) => c.indicator === 'critical').length, 1, summaries(cards));
      const urgent = cardStarting(cards, 'Red flags with twitching: weakness and severe low potassium (2.3 mmol/L)');
      // The ABI measured after the claudication began answers it: context, not a second flag.
      assert.match(urgent.detail, /since [0-9-]+: assessed after it began \(Ankle-brachial index[^)]*0\.85/);
      cardStarting(cards, 'Twitching with thigh pain: consider MRI of the left thigh');
    });

    it('gives every card a uuid, a short summary, a known indicator, a source label and override reasons with displays', () => {
      for (const card of cards) assertConformingCard(card);
    });

    it('gives every suggestion and card a distinct uuid, and every action a description', () => {
      const ids = cards.flatMap((c) => [c.uuid, ...(c.suggestions ?? []).map((s) => s.uuid)]);
      assert.ok(ids.every((id) => UUID.test(id)));
      assert.equal(new Set(ids).size, ids.length);
      const actions = cards.flatMap((c) => (c.suggestions ?? []).flatMap((s) => s.actions));
      assert.ok(actions.length > 0, 'no card in this scenario has a suggestion');
      for (const action of actions) assert.ok(action.description.length > 0);
    });

    it('sends no null, empty string, empty array or empty object anywhere in the response', () => {
      assert.deepEqual(emptyValuePaths(body), []);
    });

    it('gives a card selectionBehavior exactly when it has suggestions', () => {
      for (const card of cards) {
        assert.equal(card.selectionBehavior !== undefined, (card.suggestions ?? []).length > 0, card.summary);
      }
    });
  });

  describe('with an encounterId in the context', () => {
    it('puts the encounter on every suggested ServiceRequest', async () => {
      const cards = await cardsFor(app, hookRequest({ conditions: bundle(twitching(5)) }, { encounterId: 'enc-7' }));
      const resources = cards.flatMap((c) => (c.suggestions ?? []).flatMap((s) => s.actions.map((a) => a.resource!)));
      assert.equal(resources.length, 3);
      for (const sr of resources) assert.deepEqual(sr.encounter, { reference: 'Encounter/enc-7' });
    });
  });

  describe('with a twitching Condition whose subject is another patient', () => {
    it('ignores it and answers no cards', async () => {
      const cards = await cardsFor(app, hookRequest({ conditions: bundle(twitching(5, { patientId: 'someone-else' })) }));
      assert.deepEqual(cards, []);
    });
  });

  describe('with a low magnesium whose subject is another patient', () => {
    it('does not count it: magnesium is still missing and no low card appears', async () => {
      const cards = await cardsFor(app, hookRequest({ conditions: bundle(twitching(5)), observations: bundle(magnesium(1.1, { patientId: 'someone-else' })) }));
      assert.equal(cards[0].summary, ELECTROLYTES_MISSING);
      assert.ok(!cards.some((c) => c.summary.startsWith('Low magnesium')), summaries(cards));
    });
  });

  describe('with results entered in error or cancelled', () => {
    it('ignores them: no low card, and magnesium and potassium are still asked for', async () => {
      const cards = await cardsFor(
        app,
        hookRequest({
          conditions: bundle(twitching(5)),
          observations: bundle(
            magnesium(1.1, { status: 'entered-in-error' }),
            observation({ code: '2823-3', value: 2.9, unit: 'mmol/L', unitCode: 'mmol/L', status: 'cancelled' }),
            observation({ code: '17861-6', value: 9.3 }),
          ),
        }),
      );
      assert.equal(cards[0].summary, 'No magnesium or potassium result in the last 90 days: check them; low levels can cause twitching');
      assert.ok(!cards.some((c) => c.summary.startsWith('Low ')), summaries(cards));
    });
  });

  describe('with a twitching Condition entered in error', () => {
    it('answers no cards', async () => {
      const cards = await cardsFor(app, hookRequest({ conditions: bundle(twitching(5, { verificationStatus: 'entered-in-error' })) }));
      assert.deepEqual(cards, []);
    });
  });

  describe('with markdown and HTML in a Condition code.text', () => {
    const hostile = '[click](javascript:alert(1)) <img src=x onerror=alert(2)>';

    it('never puts the raw markup in any card', async () => {
      const cards = await cardsFor(app, hookRequest({ conditions: bundle(twitching(5, { text: hostile }), condition({ code: 'M79.652', text: hostile })) }));
      assert.ok(cards.length > 0);
      for (const card of cards) {
        assert.doesNotMatch(card.detail, /(?<!\\)<img/i, card.summary);
        assert.doesNotMatch(card.detail, /(?<!\\)\]\(javascript/i, card.summary);
        assert.ok(!card.summary.includes('<img') && !card.summary.includes('](javascript'), card.summary);
      }
    });
  });

  describe('with markdown and HTML in a display the service prints (a hamstring-injury code family)', () => {
    // S76.3 is matched by prefix, so the sender's own display reaches the detail.
    const hostileCode = 'Strain [x](javascript:alert(1))<img src=x>';

    it('escapes it in the detail: the text is there, but not as a link or a tag', async () => {
      const cards = await cardsFor(
        app,
        hookRequest({
          conditions: bundle(twitching(5), condition({ code: 'S76.312A', display: hostileCode, clinicalStatus: 'resolved', onset: daysAgo(30) })),
        }),
      );
      const mri = cardMatching(cards, /hamstring strain or injury: consider MRI/);
      assert.ok(mri.detail.includes('\\<img src=x\\>'), `detail does not show the escaped code: ${mri.detail}`);
      assert.ok(mri.detail.includes('\\[x\\](javascript:alert(1))'), mri.detail);
      for (const card of cards) {
        assert.doesNotMatch(card.detail, /(?<!\\)<img/i, card.summary);
        assert.doesNotMatch(card.detail, /(?<!\\)\]\(javascript/i, card.summary);
      }
    });
  });

  describe('with a twitching symptom Observation instead of a Condition', () => {
    it('answers cards as for a Condition', async () => {
      const cards = await cardsFor(
        app,
        hookRequest({
          observations: bundle(observation({ system: ICD10CM, code: 'R25.3', valueBoolean: true, effective: `${daysAgo(3)}T09:00:00Z` })),
        }),
      );
      assert.ok(cards.length > 0);
      assert.equal(cards[0].summary, ELECTROLYTES_MISSING);
    });
  });
});

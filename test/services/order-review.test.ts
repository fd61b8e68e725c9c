/** POST /cds-services/hamstring-twitch-order-select and -order-sign: draft orders against the clinical approach. */
import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import type { Card } from '../../src/cards/types';
import { responseProblems } from '../../src/schemas/validate-response';
import { testApp } from '../support/app';
import { assertConformingCard, evidenceOf } from '../support/cards';
import {
  bundle,
  condition,
  CPT,
  daysAgo,
  ICD10CM,
  magnesium,
  observation,
  ORDER_CODES,
  orderRequest,
  SNOMED,
  serviceRequest,
  twitching,
  type HookRequestBody,
  type Resource,
} from '../support/builders';

const SELECT_URL = '/cds-services/hamstring-twitch-order-select';
const SIGN_URL = '/cds-services/hamstring-twitch-order-sign';
const URL_OF = { 'order-select': SELECT_URL, 'order-sign': SIGN_URL } as const;

async function cardsFor(app: Express, body: HookRequestBody): Promise<Card[]> {
  const res = await request(app)
    .post(URL_OF[body.hook as keyof typeof URL_OF])
    .send(body);
  assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 500));
  assert.deepEqual(responseProblems(res.body), []);
  const cards = (res.body as { cards: Card[] }).cards;
  cards.forEach(assertConformingCard);
  return cards;
}

interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

function errorOf(res: request.Response): ErrorBody {
  return res.body as ErrorBody;
}

function summaries(cards: readonly Card[]): string[] {
  return cards.map((c) => c.summary);
}

function actionsOf(card: Card): [string, string][] {
  return (card.suggestions ?? []).flatMap((s) =>
    s.actions.map((a): [string, string] => [a.type, a.resourceId ?? (a.resource?.code?.coding ?? []).map((c) => c.code).join('+')]),
  );
}

const NORMAL_ELECTROLYTES = [
  magnesium(2.0, { id: 'mg-1', effective: `${daysAgo(10)}T08:00:00Z` }),
  observation({ id: 'k-1', code: '2823-3', value: 4.2, unit: 'mmol/L', unitCode: 'mmol/L', effective: `${daysAgo(10)}T08:00:00Z` }),
  observation({ id: 'ca-1', code: '17861-6', value: 9.4, unit: 'mg/dL', unitCode: 'mg/dL', effective: `${daysAgo(10)}T08:00:00Z` }),
];

/** An EMG report of a week ago whose conclusion codes neuromyotonia (G71.19), or reads "Normal study". */
function emgReport({ neuromyotonia }: { neuromyotonia: boolean }): Resource {
  return {
    resourceType: 'DiagnosticReport',
    id: 'emg-report',
    status: 'final',
    code: { coding: [{ system: SNOMED, code: '42803009' }] },
    subject: { reference: 'Patient/pt-test' },
    effectiveDateTime: `${daysAgo(7)}T08:00:00Z`,
    ...(neuromyotonia ? { conclusionCode: [{ coding: [{ system: ICD10CM, code: 'G71.19' }] }] } : { conclusion: 'Normal study' }),
  };
}

const CLAUDICATION = condition({ id: 'claud-1', system: SNOMED, code: '63491006', onset: daysAgo(60) });

describe('order hooks', () => {
  const app = testApp();

  describe('request validation', () => {
    it('answers 400 naming context.draftOrders when it is not a Bundle', async () => {
      const body = orderRequest('order-sign', []);
      (body.context as Record<string, unknown>).draftOrders = { resourceType: 'ServiceRequest', id: 'x' };
      const res = await request(app).post(SIGN_URL).send(body).expect(400);
      assert.equal(errorOf(res).field, 'context.draftOrders.resourceType');
      assert.match(errorOf(res).message, /draftOrders must be a FHIR Bundle/);
    });

    it('answers 400 when draftOrders is an array of resources instead of a Bundle', async () => {
      const body = orderRequest('order-select', [serviceRequest([ORDER_CODES.bmp], { id: 'bmp-1' })]);
      (body.context as Record<string, unknown>).draftOrders = [serviceRequest([ORDER_CODES.bmp], { id: 'bmp-1' })];
      const res = await request(app).post(SELECT_URL).send(body).expect(400);
      assert.equal(errorOf(res).field, 'context.draftOrders');
      assert.match(errorOf(res).message, /draftOrders must be a FHIR Bundle/);
    });

    it('answers 400 when order-sign has no draftOrders', async () => {
      const body = orderRequest('order-sign', []);
      delete (body.context as Record<string, unknown>).draftOrders;
      const res = await request(app).post(SIGN_URL).send(body).expect(400);
      assert.equal(errorOf(res).message, 'context.draftOrders is required');
    });

    it('answers 400 naming the selection that names no draft', async () => {
      const drafts = [serviceRequest([ORDER_CODES.bmp], { id: 'bmp-1' })];
      const body = orderRequest('order-select', drafts, {}, { selections: ['ServiceRequest/bmp-1', 'ServiceRequest/ghost'] });
      const res = await request(app).post(SELECT_URL).send(body).expect(400);
      assert.equal(errorOf(res).field, 'context.selections[1]');
      assert.equal(errorOf(res).message, 'context.selections[1] ("ServiceRequest/ghost") names no resource in context.draftOrders');
    });

    it('answers 400 when a selection is not a "Type/id" reference', async () => {
      const body = orderRequest('order-select', [serviceRequest([ORDER_CODES.bmp], { id: 'bmp-1' })], {}, { selections: ['bmp-1'] });
      const res = await request(app).post(SELECT_URL).send(body).expect(400);
      assert.equal(errorOf(res).field, 'context.selections[0]');
      assert.match(errorOf(res).message, /"Type\/id" reference/);
    });

    it('answers 400 when order-select has no selections', async () => {
      const body = orderRequest('order-select', [serviceRequest([ORDER_CODES.bmp], { id: 'bmp-1' })]);
      delete (body.context as Record<string, unknown>).selections;
      const res = await request(app).post(SELECT_URL).send(body).expect(400);
      assert.equal(errorOf(res).message, 'context.selections is required');
    });

    for (const [name, entry] of Object.entries({
      'a resource without resourceType': { resource: { id: 'no-type' } },
      'no resource': {},
      null: null,
      'a number': 5,
      'a resource that is a string': { resource: 'ServiceRequest/bmp-1' },
    })) {
      it(`answers 400 naming context.draftOrders.entry[1] when it holds ${name}`, async () => {
        const body = orderRequest('order-sign', [serviceRequest([ORDER_CODES.bmp], { id: 'bmp-1' })]);
        ((body.context as Record<string, unknown>).draftOrders as { entry: unknown[] }).entry.push(entry);
        const res = await request(app).post(SIGN_URL).send(body).expect(400);
        assert.equal(errorOf(res).field, 'context.draftOrders.entry[1]');
        assert.equal(errorOf(res).message, 'context.draftOrders.entry[1] must be a Bundle entry holding a resource');
      });
    }

    it('answers 400 when the order-select service is called with another hook', async () => {
      const body = orderRequest('order-sign', [serviceRequest([ORDER_CODES.bmp])]);
      const res = await request(app).post(SELECT_URL).send(body).expect(400);
      assert.match(errorOf(res).message, /answers the order-select hook, not order-sign/);
    });

    it('answers 412 naming the key when the required observations are not sent', async () => {
      const body = orderRequest('order-sign', [serviceRequest([ORDER_CODES.bmp])], { conditions: bundle(twitching(5)) }, { omit: ['observations'] });
      const res = await request(app).post(SIGN_URL).send(body).expect(412);
      assert.match(errorOf(res).message, /"observations"/);
    });

    it('accepts the CDS Hooks Sandbox shape (no Bundle type, a DSTU2 MedicationOrder) and answers no card', async () => {
      const body = orderRequest('order-select', [], { conditions: bundle(twitching(40)) });
      (body.context as Record<string, unknown>).draftOrders = {
        resourceType: 'Bundle',
        entry: [{ resource: { resourceType: 'MedicationOrder', id: 'order-123', status: 'draft', patient: { reference: 'Patient/pt-test' } } }],
      };
      (body.context as Record<string, unknown>).selections = ['MedicationOrder/order-123'];
      assert.deepEqual(await cardsFor(app, body), []);
    });
  });

  describe('which drafts count', () => {
    const chart = { conditions: bundle(twitching(5)) };
    const drafts = () => [serviceRequest([ORDER_CODES.bmp], { id: 'bmp-1' }), serviceRequest([ORDER_CODES.cbc], { id: 'cbc-1' })];

    it('order-select looks only at the selected drafts', async () => {
      const cbcOnly = orderRequest('order-select', drafts(), chart, { selections: ['ServiceRequest/cbc-1'] });
      assert.deepEqual(await cardsFor(app, cbcOnly), []);
      const bmp = orderRequest('order-select', drafts(), chart, { selections: ['ServiceRequest/bmp-1'] });
      assert.deepEqual(summaries(await cardsFor(app, bmp)), [
        'A basic metabolic panel does not include magnesium: add serum magnesium to check it for twitching',
      ]);
    });

    it('order-sign looks at every draft', async () => {
      const cards = await cardsFor(app, orderRequest('order-sign', drafts(), chart));
      assert.equal(cards.length, 1);
      assert.deepEqual(actionsOf(cards[0]), [['create', '19123-9+83735']]);
    });

    it('recognises an order by its codes only, never by its text', async () => {
      const textOnly = [
        serviceRequest([`${CPT}|86255`], { id: 'ab-1', text: 'LGI1 antibody' }),
        serviceRequest([ORDER_CODES.cbc], { id: 'x-1', text: 'MRI of the thigh' }),
      ];
      assert.deepEqual(await cardsFor(app, orderRequest('order-sign', textOnly, { conditions: bundle(twitching(40)) })), []);
    });

    it('ignores drafts about another patient, and drafts revoked or entered in error', async () => {
      const others = [
        serviceRequest([ORDER_CODES.mriThigh], { id: 'mri-1', patientId: 'someone-else' }),
        serviceRequest([ORDER_CODES.lgi1], { id: 'lgi1-1', status: 'revoked' }),
        serviceRequest([ORDER_CODES.bmp], { id: 'bmp-1', status: 'entered-in-error' }),
      ];
      assert.deepEqual(await cardsFor(app, orderRequest('order-sign', others, { conditions: bundle(twitching(40)) })), []);
    });

    it('says nothing about a metabolic panel for a patient without twitching', async () => {
      const cards = await cardsFor(app, orderRequest('order-sign', [serviceRequest([ORDER_CODES.bmp])], { conditions: bundle() }));
      assert.deepEqual(cards, []);
    });

    it('applies the approach when only the draft names fasciculation as its reason', async () => {
      const draft = serviceRequest([ORDER_CODES.cmp], { id: 'cmp-1', reasonCodes: ['R25.3'] });
      const cards = await cardsFor(app, orderRequest('order-sign', [draft], { conditions: bundle() }));
      assert.deepEqual(summaries(cards), ['A comprehensive metabolic panel does not include magnesium: add serum magnesium to check it for twitching']);
    });
  });

  describe('a metabolic panel without magnesium', () => {
    it('is silent when magnesium was resulted in the window', async () => {
      const body = orderRequest('order-sign', [serviceRequest([ORDER_CODES.bmp])], {
        conditions: bundle(twitching(5)),
        observations: bundle(magnesium(2.0, { effective: `${daysAgo(30)}T08:00:00Z` })),
      });
      assert.deepEqual(await cardsFor(app, body), []);
    });

    it('names an older magnesium result and says orders could not be checked when they were not sent', async () => {
      const body = orderRequest(
        'order-sign',
        [serviceRequest([ORDER_CODES.bmp], { id: 'bmp-1' })],
        { conditions: bundle(twitching(5)), observations: bundle(magnesium(2.0, { id: 'mg-old', effective: `${daysAgo(200)}T08:00:00Z` })) },
        { omit: ['serviceRequests'] },
      );
      const [card] = await cardsFor(app, body);
      assert.match(card.detail, /Older magnesium result[\s\S]*Serum magnesium: 2 mg\/dL/);
      assert.ok(evidenceOf(card).includes('Observation/mg-old'), evidenceOf(card).join());
      assert.match(card.detail, /Existing orders and procedures could not be read/);
    });
  });

  describe('MRI of the thigh', () => {
    it("is supported after a hamstring strain when the twitching persists, whatever the strain's clinical status: no card", async () => {
      const strain = condition({ id: 'strain-1', code: 'S76.312A', clinicalStatus: 'resolved', onset: daysAgo(400) });
      const body = orderRequest('order-sign', [serviceRequest([ORDER_CODES.mriThigh])], {
        conditions: bundle(twitching(40), strain),
        observations: bundle(...NORMAL_ELECTROLYTES),
      });
      assert.deepEqual(await cardsFor(app, body), []);
    });

    it('is not supported by a strain of more than a year ago for twitching of 5 days: the card names the strain', async () => {
      const strain = condition({ id: 'strain-1', code: 'S76.312A', clinicalStatus: 'resolved', onset: daysAgo(400) });
      const body = orderRequest('order-sign', [serviceRequest([ORDER_CODES.mriThigh])], {
        conditions: bundle(twitching(5), strain),
        observations: bundle(...NORMAL_ELECTROLYTES),
      });
      const [card] = await cardsFor(app, body);
      assert.match(card.detail, /On record, but not an indication here/);
      assert.ok(evidenceOf(card).includes('Condition/strain-1'));
    });

    it('without pain or strain offers what comes first and the removal of the MRI draft', async () => {
      const body = orderRequest('order-select', [serviceRequest([ORDER_CODES.mriThigh], { id: 'mri-1' })], {
        conditions: bundle(twitching(40)),
        observations: bundle(magnesium(2.0)),
      });
      const [card] = await cardsFor(app, body);
      assert.equal(card.indicator, 'warning');
      assert.equal(card.summary, 'MRI of the thigh without thigh pain or a recent hamstring strain on record: check potassium and calcium, then EMG/NCS first');
      assert.deepEqual(actionsOf(card), [
        ['create', '2823-3'],
        ['create', '17861-6'],
        ['create', '42803009'],
        ['delete', 'ServiceRequest/mri-1'],
      ]);
      assert.equal(card.selectionBehavior, 'any');
      assert.match(card.detail, /\[4\]/);
    });

    it('does not suggest an EMG already drafted beside the MRI', async () => {
      const drafts = [serviceRequest([ORDER_CODES.mriThigh], { id: 'mri-1' }), serviceRequest([ORDER_CODES.emg], { id: 'emg-1' })];
      const body = orderRequest(
        'order-select',
        drafts,
        { conditions: bundle(twitching(40)), observations: bundle(...NORMAL_ELECTROLYTES) },
        { selections: ['ServiceRequest/mri-1'] },
      );
      const [card] = await cardsFor(app, body);
      assert.deepEqual(actionsOf(card), [['delete', 'ServiceRequest/mri-1']]);
      assert.match(card.detail, /already on record or drafted: Electromyography: draft/);
      assert.ok(evidenceOf(card).includes('ServiceRequest/emg-1'), evidenceOf(card).join());
    });
  });

  describe('LGI1 antibodies', () => {
    it('are supported once an EMG report codes neuromyotonia: no card', async () => {
      const report = emgReport({ neuromyotonia: true });
      const body = orderRequest('order-sign', [serviceRequest([ORDER_CODES.lgi1])], {
        conditions: bundle(twitching(40)),
        observations: bundle(...NORMAL_ELECTROLYTES),
        diagnosticReports: bundle(report),
      });
      assert.deepEqual(await cardsFor(app, body), []);
    });

    it('after an EMG that does not report neuromyotonia: say so, and offer no second EMG', async () => {
      const report = emgReport({ neuromyotonia: false });
      const body = orderRequest('order-select', [serviceRequest([ORDER_CODES.lgi1], { id: 'lgi1-1' })], {
        conditions: bundle(twitching(40)),
        observations: bundle(...NORMAL_ELECTROLYTES),
        diagnosticReports: bundle(report),
      });
      const [card] = await cardsFor(app, body);
      assert.equal(card.summary, 'LGI1 antibodies follow EMG-confirmed neuromyotonia; the EMG on record does not report neuromyotonia');
      assert.deepEqual(actionsOf(card), [['delete', 'ServiceRequest/lgi1-1']]);
      assert.match(card.detail, /EMG on record\*\*\n\n- Electromyography: Normal study/);
      assert.ok(evidenceOf(card).includes('DiagnosticReport/emg-report'), evidenceOf(card).join());
      assert.deepEqual(
        card.overrideReasons?.slice(0, 2).map((r) => r.code),
        ['emg-shows-neuromyotonia', 'other-indication'],
        'the reasons a clinician would give to keep the LGI1 order come first',
      );
    });
  });

  describe('EMG and claudication', () => {
    it('warns and suggests an ABI when a patient without twitching has claudication and no ABI', async () => {
      const body = orderRequest('order-sign', [serviceRequest([ORDER_CODES.emg])], { conditions: bundle(CLAUDICATION) });
      const [card] = await cardsFor(app, body);
      assert.equal(card.indicator, 'warning');
      assert.deepEqual(actionsOf(card), [['create', '93922']]);
      assert.match(card.detail, /Claudication on record\*\*\n\n- Intermittent claudication/);
      assert.ok(evidenceOf(card).includes('Condition/claud-1'), evidenceOf(card).join());
    });

    it('is an info card when the EMG has its own indication (persistent twitching) but no ABI is on record', async () => {
      const body = orderRequest('order-sign', [serviceRequest([ORDER_CODES.emg])], {
        conditions: bundle(twitching(40), CLAUDICATION),
        observations: bundle(...NORMAL_ELECTROLYTES),
      });
      const [card] = await cardsFor(app, body);
      assert.equal(card.indicator, 'info');
      assert.equal(card.summary, 'EMG fits the twitching, but the recorded claudication needs pulses and an ankle-brachial index too');
    });

    it('counts an ABI drafted in the same session: no ABI suggestion', async () => {
      const drafts = [serviceRequest([ORDER_CODES.emg], { id: 'emg-1' }), serviceRequest([ORDER_CODES.abi], { id: 'abi-1' })];
      const body = orderRequest('order-select', drafts, { conditions: bundle(twitching(5), CLAUDICATION) }, { selections: ['ServiceRequest/emg-1'] });
      const [card] = await cardsFor(app, body);
      assert.match(card.summary, /review the ABI$/);
      assert.deepEqual(actionsOf(card), []);
    });
  });

  describe('duplicates', () => {
    const chart = (...observations: Resource[]) => ({ conditions: bundle(twitching(5)), observations: bundle(...observations) });

    it('a low result is rechecked on purpose: no duplicate card', async () => {
      const body = orderRequest('order-sign', [serviceRequest([ORDER_CODES.magnesium])], chart(magnesium(1.2, { effective: `${daysAgo(3)}T08:00:00Z` })));
      assert.deepEqual(await cardsFor(app, body), []);
    });

    it('an ionized calcium does not repeat a total calcium', async () => {
      const total = observation({ code: '17861-6', value: 9.4, unit: 'mg/dL', unitCode: 'mg/dL' });
      const body = orderRequest('order-sign', [serviceRequest([ORDER_CODES.calciumIonized])], chart(total));
      assert.deepEqual(await cardsFor(app, body), []);
    });

    it('a potassium repeats an active metabolic panel order, with its date and a delete action', async () => {
      const panel = serviceRequest([ORDER_CODES.bmp], { id: 'bmp-old', status: 'active', authoredDaysAgo: 4 });
      const body = orderRequest('order-sign', [serviceRequest([ORDER_CODES.potassium], { id: 'k-draft' })], {
        ...chart(),
        serviceRequests: bundle(panel),
      });
      const [card] = await cardsFor(app, body);
      assert.equal(card.summary, `Potassium repeats an order placed on ${daysAgo(4)} (active): remove this draft unless the repeat is intended`);
      assert.deepEqual(actionsOf(card), [['delete', 'ServiceRequest/k-draft']]);
      assert.ok(evidenceOf(card).includes('ServiceRequest/bmp-old'), evidenceOf(card).join());
      assert.equal(card.overrideReasons?.[0].code, 'repeat-intended', 'an intended repeat is the first reason offered to dismiss it');
    });

    it('an order the EHR also returns as placed is not a duplicate of itself', async () => {
      const placed = serviceRequest([ORDER_CODES.emg], { id: 'emg-1', status: 'active', authoredDaysAgo: 1 });
      const body = orderRequest('order-sign', [serviceRequest([ORDER_CODES.emg], { id: 'emg-1' })], {
        conditions: bundle(twitching(40)),
        observations: bundle(...NORMAL_ELECTROLYTES),
        serviceRequests: bundle(placed),
      });
      assert.deepEqual(await cardsFor(app, body), []);
    });

    it('an EMG done outside the look-back window is not repeated by a new one', async () => {
      const old = serviceRequest([ORDER_CODES.emg], { id: 'emg-old', status: 'completed', authoredDaysAgo: 200 });
      const body = orderRequest('order-sign', [serviceRequest([ORDER_CODES.emg])], {
        conditions: bundle(twitching(40)),
        observations: bundle(...NORMAL_ELECTROLYTES),
        serviceRequests: bundle(old),
      });
      assert.deepEqual(await cardsFor(app, body), []);
    });

    it('two drafts of the same test: the later one is the duplicate', async () => {
      const drafts = [serviceRequest([ORDER_CODES.lgi1], { id: 'first' }), serviceRequest([ORDER_CODES.lgi1], { id: 'second' })];
      const report = emgReport({ neuromyotonia: true });
      const body = orderRequest('order-sign', drafts, { conditions: bundle(twitching(40)), diagnosticReports: bundle(report) });
      const cards = await cardsFor(app, body);
      assert.deepEqual(summaries(cards), ['LGI1 antibody repeats another draft of the same test: remove this draft unless the repeat is intended']);
      assert.deepEqual(actionsOf(cards[0]), [['delete', 'ServiceRequest/second']]);
    });
  });
});

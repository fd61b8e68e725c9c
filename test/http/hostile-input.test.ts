/**
 * Hostile input, case by case (the fuzz test covers the space between): deep nesting, prototype
 * keys, huge values, and a wrong type in every FHIR field the service reads. None may crash the
 * service, answer 5xx or change what the next request gets.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import type { Card } from '../../src/cards/types';
import { SERVICE_URL, testApp } from '../support/app';
import { bundle, condition, CPT, daysAgo, hookRequest, LOINC, magnesium, PATIENT_ID, twitching, UCUM, type Prefetch, type Resource } from '../support/builders';

const app = testApp({ bodyLimitBytes: 20 * 1024 * 1024 });

const LOW_MAGNESIUM = 'Low magnesium: 1.3 mg/dL';

function summaries(res: request.Response): string[] {
  return (res.body as { cards: Card[] }).cards.map((c) => c.summary);
}

async function postText(body: string) {
  return request(app).post(SERVICE_URL).set('Content-Type', 'application/json').send(body);
}

/** Twitching, a low magnesium, and one of every other kind of resource the service reads. */
function patientRecord(): Prefetch {
  const subject = { reference: `Patient/${PATIENT_ID}` };
  return {
    conditions: bundle(twitching(5), condition({ id: 'cramps', code: 'R25.2' })),
    observations: bundle(magnesium(1.3)),
    serviceRequests: bundle({
      resourceType: 'ServiceRequest',
      id: 'sr-1',
      status: 'active',
      intent: 'order',
      subject,
      code: { coding: [{ system: LOINC, code: '2823-3' }] },
      authoredOn: '2026-11-25',
    }),
    procedures: bundle({
      resourceType: 'Procedure',
      id: 'pr-1',
      status: 'completed',
      subject,
      code: { coding: [{ system: CPT, code: '95886' }] },
      performedDateTime: '2026-11-20',
    }),
    diagnosticReports: bundle({
      resourceType: 'DiagnosticReport',
      id: 'dr-1',
      status: 'final',
      subject,
      code: { coding: [{ system: CPT, code: '95886' }] },
      effectiveDateTime: '2026-11-20',
      conclusion: 'normal',
    }),
    medicationRequests: bundle({
      resourceType: 'MedicationRequest',
      id: 'mr-1',
      status: 'active',
      intent: 'order',
      subject,
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1886' }] },
    }),
    medicationStatements: bundle({
      resourceType: 'MedicationStatement',
      id: 'ms-1',
      status: 'active',
      subject,
      medicationCodeableConcept: { text: 'caffeine' },
    }),
  };
}

const nested = (depth: number, open: string, inner: string, close: string) => open.repeat(depth) + inner + close.repeat(depth);

describe('hostile input to POST /cds-services/hamstring-twitch', () => {
  describe('with 100 000 levels of nesting', () => {
    const base = JSON.stringify(hookRequest(patientRecord()));
    const places: [string, string, string][] = [
      ['inside a Condition', base.replace('"onsetDateTime"', `"note":${nested(100_000, '[', '1', ']')},"onsetDateTime"`), LOW_MAGNESIUM],
      ['in the context', base.replace('"context":{', `"context":{"deep":${nested(100_000, '[', '1', ']')},`), LOW_MAGNESIUM],
      ['in an extension', base.replace('"prefetch":', `"extension":{"org.example":${nested(100_000, '{"a":', '1', '}')}},"prefetch":`), LOW_MAGNESIUM],
      // The magnesium's value is then unreadable, so it is as if there were none.
      [
        'the magnesium value',
        base.replace('"valueQuantity":', `"valueQuantity":${nested(100_000, '{"value":', '1', '}')},"ignored":`),
        'No magnesium or calcium result',
      ],
    ];
    for (const [where, body, expected] of places) {
      it(`answers 200 with the cards for the readable data when it is ${where}`, async () => {
        const res = await postText(body);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.ok(
          summaries(res).some((s) => s.startsWith(expected)),
          summaries(res).join(' | '),
        );
      });
    }
    it('answers 400 when the whole body is nested arrays', async () => {
      const res = await postText(nested(100_000, '[', '', ']'));
      assert.equal(res.status, 400);
      assert.equal((res.body as { message: string }).message, 'Request body must be a JSON object');
    });
  });

  describe('with __proto__, constructor and prototype keys in every resource', () => {
    it('answers 200 with the usual cards, leaves Object.prototype alone, and the next request is unaffected', async () => {
      const before = Object.getOwnPropertyNames(Object.prototype).sort();
      const hostile =
        '"__proto__":{"polluted":"yes","status":"entered-in-error"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"},';
      const body = JSON.stringify(hookRequest(patientRecord())).replaceAll('{"resourceType":', `{${hostile}"resourceType":`);
      assert.ok(body.split('"__proto__"').length > 8);
      const res = await postText(body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(
        summaries(res).some((s) => s.startsWith(LOW_MAGNESIUM)),
        summaries(res).join(' | '),
      );
      assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      const next = await request(app).post(SERVICE_URL).send(hookRequest(patientRecord()));
      assert.deepEqual(summaries(next), summaries(res));
    });
  });

  describe('with a magnesium whose unit names an inherited property', () => {
    for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      for (const field of ['code', 'unit'] as const) {
        it(`answers 200 saying the magnesium could not be assessed, with the patient's other cards, for ${field} "${word}"`, async () => {
          const record = patientRecord();
          const quantity = field === 'code' ? { value: 1.3, unit: word, system: UCUM, code: word } : { value: 1.3, unit: word };
          record.observations = bundle({ ...magnesium(1.3), valueQuantity: quantity });
          const res = await request(app).post(SERVICE_URL).send(hookRequest(record));
          assert.equal(res.status, 200, JSON.stringify(res.body));
          assert.ok(
            summaries(res).some((s) => /^Magnesium result of .* could not be assessed/.test(s)),
            summaries(res).join(' | '),
          );
          assert.ok(
            summaries(res).some((s) => s.startsWith('No calcium result')),
            summaries(res).join(' | '),
          );
          assert.ok(!summaries(res).some((s) => s.startsWith(LOW_MAGNESIUM)), summaries(res).join(' | '));
        });
      }
    }
  });

  describe('with control characters and bidirectional overrides in the EHR text a card quotes', () => {
    it('never lets them into a summary or a detail', async () => {
      const record = patientRecord();
      const hidden = 'Strain\u202Etfel\u0000 of\u2066 the\u200F thigh';
      record.conditions = bundle(twitching(5, { id: 'tw\u202E1' }), condition({ id: 'strain\u0000x', code: 'S76.312A', display: hidden, onset: daysAgo(10) }));
      const res = await request(app).post(SERVICE_URL).send(hookRequest(record));
      assert.equal(res.status, 200);
      const cards = (res.body as { cards: { summary: string; detail: string }[] }).cards;
      const mri = cards.find((c) => /MRI/.test(c.summary));
      assert.ok(mri, summaries(res).join(' | '));
      assert.match(mri.detail, /Strain ?tfel of the thigh/);
      for (const card of cards) {
        const text = card.summary + card.detail;
        assert.ok(!text.includes('\u0000') && !/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/u.test(text), card.summary);
      }
    });
  });

  describe('with huge values', () => {
    it('answers 200 for a 4 MB string in a Condition code.text', async () => {
      const record = patientRecord();
      record.conditions = bundle(twitching(5, { text: 'x'.repeat(4 * 1024 * 1024) }));
      const res = await request(app).post(SERVICE_URL).send(hookRequest(record));
      assert.equal(res.status, 200);
    });
    it('answers 200 for a Bundle of 100 000 resources the service does not read', async () => {
      const record = patientRecord();
      const entries = Array.from({ length: 100_000 }, () => ({ resource: { resourceType: 'Observation' } }));
      record.observations = { resourceType: 'Bundle', entry: [...entries, { resource: magnesium(1.3) }] };
      const res = await request(app).post(SERVICE_URL).send(hookRequest(record));
      assert.equal(res.status, 200);
      assert.ok(
        summaries(res).some((s) => s.startsWith(LOW_MAGNESIUM)),
        summaries(res).join(' | '),
      );
    });
    it('answers 200 for a bodySite whose "_coding" companion claims a length of a billion (read by own keys, never walked index by index)', async () => {
      const record = patientRecord();
      const twitch = twitching(5);
      twitch.bodySite = [{ coding: [{ system: 'http://snomed.info/sct', code: '61396006' }], _coding: { length: 1_000_000_000 } }];
      record.conditions = bundle(twitch);
      const res = await request(app).post(SERVICE_URL).send(hookRequest(record));
      assert.equal(res.status, 200);
      assert.ok(
        summaries(res).some((s) => s.startsWith(LOW_MAGNESIUM)),
        summaries(res).join(' | '),
      );
    });
    it('answers 400 naming the first of 300 000 entries that are not resources', async () => {
      const record = patientRecord();
      const entries = Array.from({ length: 300_000 }, (_, i) =>
        i % 2 === 0 ? { resource: { resourceType: 'Observation' } } : i % 4 === 1 ? null : { resource: 7 },
      );
      record.observations = { resourceType: 'Bundle', entry: [...entries, { resource: magnesium(1.3) }] };
      const res = await request(app).post(SERVICE_URL).send(hookRequest(record));
      assert.equal(res.status, 400);
      assert.equal((res.body as { field: string }).field, 'prefetch.observations.entry[1]');
    });
  });

  describe('with a wrong type in a field the service reads', () => {
    const WRONG: unknown[] = [5, 'x', [], {}, null, true, [5], [null], { coding: 'x' }];
    const FIELDS: Record<string, string[]> = {
      conditions: [
        'code',
        'code.coding',
        'code.coding.0',
        'code.coding.0.code',
        'code.coding.0.system',
        'code.text',
        'clinicalStatus',
        'clinicalStatus.coding',
        'verificationStatus',
        'onsetDateTime',
        'recordedDate',
        'subject',
        'subject.reference',
        'id',
        'meta',
      ],
      observations: [
        'code',
        'code.coding.0.code',
        'status',
        'effectiveDateTime',
        'issued',
        'valueQuantity',
        'valueQuantity.value',
        'valueQuantity.unit',
        'valueQuantity.code',
        'valueQuantity.system',
        'subject',
        'id',
      ],
      serviceRequests: ['code', 'status', 'intent', 'authoredOn', 'subject', 'code.coding'],
      procedures: ['code', 'status', 'performedDateTime', 'subject'],
      diagnosticReports: ['code', 'status', 'effectiveDateTime', 'conclusion', 'conclusionCode'],
      medicationRequests: ['medicationCodeableConcept', 'medicationCodeableConcept.coding', 'status'],
      medicationStatements: ['medicationCodeableConcept', 'status'],
    };

    /** Sets `path` ("code.coding.0.code") in the first resource of the key's Bundle, creating what is missing. */
    function withValue(key: string, path: string, value: unknown): Prefetch {
      const record = patientRecord();
      const resource = ((record[key as keyof Prefetch] as Resource).entry as { resource: Record<string, unknown> }[])[0].resource;
      const parts = path.split('.');
      let node: Record<string, unknown> = resource;
      for (const part of parts.slice(0, -1)) {
        if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
        node = node[part] as Record<string, unknown>;
      }
      node[parts[parts.length - 1]] = value;
      return record;
    }

    for (const [key, fields] of Object.entries(FIELDS)) {
      it(`answers 200 with a list of cards for each wrong type in each field of ${key}`, async () => {
        for (const field of fields) {
          for (const value of WRONG) {
            const res = await request(app)
              .post(SERVICE_URL)
              .send(hookRequest(withValue(key, field, value)));
            assert.equal(res.status, 200, `${key} ${field} = ${JSON.stringify(value)}: ${res.status} ${JSON.stringify(res.body)}`);
            assert.ok(Array.isArray((res.body as { cards: unknown }).cards));
          }
        }
      });
    }
  });
});

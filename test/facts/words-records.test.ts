import assert from 'node:assert/strict';
import { buildPatientFacts, hasActiveTwitching, isBeyondTheThigh, isHamstringTwitching, placesBeyondTheHamstring } from '../../src/facts/build';
import { readDraftOrders } from '../../src/facts/draft-orders';
import { routeResources } from '../../src/facts/route';
import type { ClinicalRecord } from '../../src/facts/types';
import { poolFrom } from '../../src/fhir/data-loader';
import {
  bundle,
  condition,
  daysAgo,
  ICD10CM,
  LOINC,
  NOW,
  observation,
  ORDER_CODES,
  PATIENT_ID,
  serviceRequest,
  SNOMED,
  type Resource,
} from '../support/builders';

const INPUT = { patientId: PATIENT_ID, now: NOW, lookbackDays: 90, unavailable: new Set<string>() };

function recordsFrom(...resources: Resource[]): ClinicalRecord[] {
  return buildPatientFacts(routeResources(poolFrom([bundle(...resources)])), INPUT).records;
}

/** A problem entered with words only: code.text, and codings as given (none by default). */
function typedProblem(
  text: string | undefined,
  options: { codings?: Record<string, string>[]; onset?: string; recorded?: string; id?: string } = {},
): Resource {
  const resource = condition({ id: options.id ?? 'typed-1', text, onset: options.onset, recordedDate: options.recorded });
  resource.code = { ...(options.codings ? { coding: options.codings } : {}), ...(text !== undefined ? { text } : {}) };
  if (options.onset === undefined) delete resource.onsetDateTime;
  return resource;
}

describe('records read from words', () => {
  describe('a problem entered as text only, "Twitching of left hamstring for 3 weeks"', () => {
    const [record] = recordsFrom(typedProblem('Twitching of left hamstring for 3 weeks', { recorded: daysAgo(2) }));

    it('is twitching at the left thigh, quoted, with no code', () => {
      assert.equal(record.concept, 'twitching');
      assert.deepEqual(record.places, [{ part: 'thigh', side: 'left' }]);
      assert.equal(record.side, 'left');
      assert.equal(record.fromWords, 'Twitching of left hamstring for 3 weeks');
      assert.equal(record.evidence.description, `"Twitching of left hamstring for 3 weeks" (the entry's own words; no code)`);
    });

    it('began three weeks before it was recorded', () => {
      assert.equal(record.onset?.toISOString().slice(0, 10), daysAgo(23));
      assert.equal(record.knownSince?.toISOString().slice(0, 10), daysAgo(23));
    });

    it('is hamstring twitching, and opens the approach', () => {
      assert.equal(isHamstringTwitching(record), true);
      assert.equal(hasActiveTwitching(routeResources(poolFrom([bundle(typedProblem('Twitching of left hamstring'))])), INPUT), true);
    });
  });

  it('gives twitching the side of its hamstring place, not of the other places named', () => {
    const [record] = recordsFrom(typedProblem('Twitching of left hamstring and right arm'));
    assert.equal(record.side, 'left');
  });

  it('reads a coding with a display and no code by its display', () => {
    const [record] = recordsFrom(typedProblem(undefined, { codings: [{ display: 'Fasciculation of right thigh' }] }));
    assert.equal(record.concept, 'twitching');
    assert.deepEqual(record.places, [{ part: 'thigh', side: 'right' }]);
  });

  it('keeps a duration whose record has no date as no onset', () => {
    const resource = typedProblem('twitching for 3 weeks');
    delete resource.recordedDate;
    const [record] = recordsFrom(resource);
    assert.equal(record.onset, undefined);
  });

  it('makes no record of words that refuse it: "No twitching", "twitching resolved", "r/o ALS"', () => {
    assert.deepEqual(recordsFrom(typedProblem('No twitching'), typedProblem('twitching resolved', { id: 't2' }), typedProblem('r/o ALS', { id: 't3' })), []);
  });

  it('makes one record per concept the words name and no record of those they negate', () => {
    const records = recordsFrom(typedProblem('Worsening weakness of right leg, no numbness'));
    assert.deepEqual(
      records.map((r) => [r.concept, r.progressive]),
      [['muscleWeakness', true]],
    );
  });

  it('places "Fasciculations in both thighs, both arms and the tongue" beyond the hamstring at the arms and the tongue', () => {
    const [record] = recordsFrom(typedProblem('Fasciculations in both thighs, both arms and the tongue'));
    assert.equal(isHamstringTwitching(record), true);
    assert.deepEqual(placesBeyondTheHamstring(record), [{ part: 'upperLimb', side: 'bilateral' }, { part: 'tongue' }]);
  });

  it('reads a symptom Observation with a text-only code', () => {
    const resource = observation({ code: 'x', status: 'final' });
    resource.code = { text: 'tingling R hand' };
    const [record] = recordsFrom(resource);
    assert.equal(record.resourceType, 'Observation');
    assert.deepEqual(record.places, [{ part: 'hand', side: 'right' }]);
  });

  it('routes a text-only entry whose words name a symptom, with those concepts, and no other', () => {
    const vitals = observation({ code: 'x', status: 'final' });
    vitals.code = { text: 'Blood pressure' };
    const kept = routeResources(poolFrom([bundle(vitals, typedProblem('Numbness and tingling of both feet'), typedProblem('Denies weakness', { id: 't2' }))]));
    assert.deepEqual(
      kept.map((r) => [r.reference, [...r.concepts]]),
      [['Condition/typed-1', ['sensoryChange']]],
    );
  });

  it('never reads the words of a coded resource: a laboratory result named "twitching" stays a result', () => {
    const lab = observation({ system: LOINC, code: '19123-9', value: 1.9, unit: 'mg/dL', unitCode: 'mg/dL' });
    (lab.code as { text?: string }).text = 'Magnesium (twitching work-up)';
    const unknown = condition({ system: ICD10CM, code: 'J45.909', text: 'asthma; twitching of the thigh' });
    assert.deepEqual(recordsFrom(lab, unknown), []);
    assert.equal(
      routeResources(poolFrom([bundle(lab)])).some((r) => r.words !== undefined),
      false,
    );
  });
});

describe('coded records and their words', () => {
  it('places R25.3 whose text says "left eyelid twitching" at the left eyelid: not hamstring twitching', () => {
    const [record] = recordsFrom(condition({ text: 'left eyelid twitching' }));
    assert.equal(record.fromWords, undefined);
    assert.deepEqual(record.places, [{ part: 'eyelid', side: 'left' }]);
    assert.equal(isHamstringTwitching(record), false);
  });

  it('lets a coded body site decide over the words', () => {
    const [record] = recordsFrom(condition({ text: 'eyelid twitching', bodySite: [{ code: '61396006' }] }));
    assert.deepEqual(record.places, [{ part: 'thigh', side: 'left' }]);
    assert.equal(isHamstringTwitching(record), true);
  });

  it('keeps a coded record whose text negates it, as coded', () => {
    const [record] = recordsFrom(condition({ text: 'no fasciculations' }));
    assert.equal(record.concept, 'twitching');
    assert.equal(record.active, true);
  });

  it('reads twitching coded at the lower limb (61685007) as possibly the hamstring', () => {
    const [record] = recordsFrom(condition({ bodySite: [{ code: '61685007' }] }));
    assert.deepEqual(record.places, [{ part: 'lowerLimb' }]);
    assert.equal(isHamstringTwitching(record), true);
    assert.equal(isBeyondTheThigh({ system: SNOMED, code: '61685007' }), false);
  });

  it('reads twitching at a site code the value sets do not know as not the hamstring', () => {
    const [record] = recordsFrom(condition({ bodySite: [{ code: '123456789', display: 'Some structure' }] }));
    assert.deepEqual(record.places, []);
    assert.equal(isHamstringTwitching(record), false);
    assert.equal(isBeyondTheThigh({ system: SNOMED, code: '123456789' }), true);
  });

  it("places a site code the value sets do not know by its display, never by the code's words", () => {
    const [byDisplay] = recordsFrom(condition({ bodySite: [{ code: '123456789', display: 'Structure of left hamstring muscle' }] }));
    assert.deepEqual(byDisplay.places, [{ part: 'thigh', side: 'left' }]);
    const [unplaced] = recordsFrom(condition({ text: 'twitching of the thigh', bodySite: [{ code: '123456789', display: 'Some structure' }] }));
    assert.deepEqual(unplaced.places, []);
    assert.equal(isHamstringTwitching(unplaced), false);
  });

  it("reads progression in a coded record's words", () => {
    const [record] = recordsFrom(condition({ code: 'M62.81', text: 'Progressive weakness of both legs' }));
    assert.equal(record.concept, 'muscleWeakness');
    assert.equal(record.progressive, true);
  });
});

describe('draft order reasons read from words', () => {
  function draftWithReasons(reasonCode: unknown[]) {
    const sr = serviceRequest([ORDER_CODES.mriThigh], { id: 'mri-1' });
    sr.reasonCode = reasonCode;
    return readDraftOrders({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: sr }] }, PATIENT_ID)[0];
  }

  it('reads a reason typed as "left hamstring strain" as the strain, quoted', () => {
    const draft = draftWithReasons([{ text: 'left hamstring strain' }]);
    assert.deepEqual(draft.reasonConcepts, ['hamstringInjury']);
    assert.equal(draft.reasonWords, 'left hamstring strain');
    assert.equal(draft.forTwitching, false);
  });

  it("reads twitching named in a reason's display, with no code, as for twitching", () => {
    assert.equal(draftWithReasons([{ coding: [{ display: 'Twitching back of thigh' }] }]).forTwitching, true);
  });

  it('does not read "no twitching" as for twitching', () => {
    const draft = draftWithReasons([{ text: 'no twitching; thigh pain' }]);
    assert.equal(draft.forTwitching, false);
    assert.deepEqual(draft.reasonConcepts, ['thighPain']);
  });

  it('reads a coded reason by its codes only', () => {
    const draft = draftWithReasons([{ coding: [{ system: ICD10CM, code: 'R25.3' }], text: 'hamstring strain' }]);
    assert.deepEqual(draft.reasonConcepts, ['twitching']);
    assert.equal(draft.reasonWords, undefined);
  });
});

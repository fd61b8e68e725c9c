import assert from 'node:assert/strict';
import request from 'supertest';
import type { Card } from '../../src/cards/types';
import {
  BUILT_IN_INDEX,
  buildCodeIndex,
  CONCEPTS,
  conceptsIn,
  conceptsOf,
  displayOf,
  familyDisplayOf,
  installCodeIndex,
  sideFromIcd10,
  type ConceptId,
} from '../../src/knowledge/codes';
import { buildPatientFacts } from '../../src/facts/build';
import { routeResources } from '../../src/facts/route';
import { poolFrom } from '../../src/fhir/data-loader';
import { SERVICE_URL, testApp } from '../support/app';
import { bundle, condition, hookRequest, ICD10CM, LOINC, NOW, PATIENT_ID, SNOMED, twitching } from '../support/builders';

const FACTS_INPUT = { patientId: PATIENT_ID, now: NOW, lookbackDays: 90, unavailable: new Set<string>() };

describe('conceptsOf', () => {
  describe('with the fasciculation code R25.3 as senders write it', () => {
    for (const code of ['R25.3', 'r25.3', 'R253', ' R25.3 ']) {
      it(`reads "${code}" as twitching`, () => {
        assert.deepEqual(conceptsOf(ICD10CM, code), ['twitching']);
      });
    }
  });

  describe('with codes from families matched by prefix', () => {
    it('reads S76.312A (strain of left hamstring) as a hamstring injury', () => {
      assert.deepEqual(conceptsOf(ICD10CM, 'S76.312A'), ['hamstringInjury']);
    });
    it('reads I70.212 (atherosclerosis with claudication, left leg) as claudication', () => {
      assert.deepEqual(conceptsOf(ICD10CM, 'I70.212'), ['claudication']);
    });
    it('reads M62.552 (atrophy of the left thigh) as muscle atrophy', () => {
      assert.deepEqual(conceptsOf(ICD10CM, 'M62.552'), ['muscleAtrophy']);
    });
    it('reads a lower-case family code the same way', () => {
      assert.deepEqual(conceptsOf(ICD10CM, 's76.311a'), ['hamstringInjury']);
    });
  });

  describe('with codes it does not know', () => {
    it('answers [] for an unknown ICD-10-CM code', () => {
      assert.deepEqual(conceptsOf(ICD10CM, 'Z99.89'), []);
    });
    it('answers [] for R25.3 under another system', () => {
      assert.deepEqual(conceptsOf(SNOMED, 'R25.3'), []);
    });
    it('matches prefixes only in ICD-10-CM', () => {
      assert.deepEqual(conceptsOf(SNOMED, 'S76.312A'), []);
    });
    it('answers [] for a code that is not a string, or is absurdly long', () => {
      assert.deepEqual(conceptsOf(ICD10CM, 253), []);
      assert.deepEqual(conceptsOf(undefined, 'R25.3'), []);
      assert.deepEqual(conceptsOf(ICD10CM, `S76.3${'1'.repeat(80)}`), []);
    });
  });

  describe('with the SNOMED CT codes a problem list coded in SNOMED CT only sends', () => {
    const CASES: [string, string, ConceptId][] = [
      ['82470000', 'Muscle fasciculation', 'twitching'],
      ['27678003', 'Myokymia', 'twitching'],
      ['128196005', 'Lumbar radiculopathy', 'radiculopathy'],
      ['2415007', 'Lumbosacral radiculopathy', 'radiculopathy'],
      ['78514002', 'Thigh pain', 'thighPain'],
      ['481000119104', 'Strain of hamstring muscle', 'hamstringInjury'],
      ['5291005', 'Hypocalcemia (disorder)', 'hypocalcemia'],
    ];
    for (const [code, display, concept] of CASES) {
      it(`reads ${code} (${display}) as ${concept}, with that display`, () => {
        assert.deepEqual(conceptsOf(SNOMED, code), [concept]);
        assert.equal(displayOf(concept, SNOMED, code), display);
      });
    }
    it('takes the side of SNOMED CT thigh pain, which has none, from the body site', () => {
      const sided = condition({ system: SNOMED, code: '78514002', bodySite: [{ code: '61396006', display: 'Structure of left thigh' }] });
      const unsided = condition({ system: SNOMED, code: '78514002' });
      const records = buildPatientFacts(routeResources(poolFrom([bundle(sided, unsided)])), FACTS_INPUT).records;
      assert.deepEqual(
        records.map((r) => [r.concept, r.side]),
        [
          ['thighPain', 'left'],
          ['thighPain', undefined],
        ],
      );
    });
  });

  describe('with codes the terminology research left unverified', () => {
    it('does not read SNOMED CT 17450006 (myoclonus) or 260912008 (abnormal involuntary movement) as twitching', () => {
      assert.deepEqual(conceptsOf(SNOMED, '17450006'), []);
      assert.deepEqual(conceptsOf(SNOMED, '260912008'), []);
    });
  });

  describe('with a LOINC code in two value sets', () => {
    it('answers the concept of the code', () => {
      assert.deepEqual(conceptsOf(LOINC, '19123-9'), ['magnesium']);
    });
  });
});

describe('displayOf', () => {
  describe('with a code as senders write it', () => {
    it('answers the display of our value set for a lower-case ICD-10-CM code without its dot', () => {
      assert.equal(displayOf('twitching', ICD10CM, 'r253'), 'Fasciculation');
    });
  });
  describe('with a code matched only through its family', () => {
    it('answers undefined: the value sets list no display for that code', () => {
      assert.equal(displayOf('hamstringInjury', ICD10CM, 'S76.312A'), undefined);
    });
  });
  describe('with a concept the code does not name', () => {
    it('answers undefined', () => {
      assert.equal(displayOf('muscleCramp', ICD10CM, 'R25.3'), undefined);
    });
  });
});

describe('familyDisplayOf', () => {
  describe('with a code in a family matched by prefix', () => {
    it("answers the family's display", () => {
      assert.equal(familyDisplayOf('hamstringInjury', ICD10CM, 's76.312a'), 'Injury of muscle, fascia and tendon of the posterior muscle group at thigh level');
    });
  });
  describe('with a code outside the families of the concept', () => {
    it('answers undefined', () => {
      assert.equal(familyDisplayOf('hamstringInjury', ICD10CM, 'M62.552'), undefined);
      assert.equal(familyDisplayOf('twitching', ICD10CM, 'R25.3'), undefined);
    });
  });
});

describe('buildCodeIndex', () => {
  describe('with an exact ICD-10-CM code inside a family another concept matches by prefix', () => {
    const index = buildCodeIndex([
      ...CONCEPTS,
      { id: 'thighPain', codes: [{ system: ICD10CM, code: 'S76.312A', display: 'Strain of left hamstring with pain' }] },
    ]);
    it('reads the code as both concepts, with a display of its own only for the one that lists it', () => {
      assert.deepEqual(conceptsIn(index, ICD10CM, 'S76.312A'), ['thighPain', 'hamstringInjury']);
      const previous = installCodeIndex(index);
      try {
        assert.equal(displayOf('thighPain', ICD10CM, 'S76.312A'), 'Strain of left hamstring with pain');
        assert.equal(displayOf('hamstringInjury', ICD10CM, 'S76.312A'), undefined);
      } finally {
        installCodeIndex(previous);
      }
    });
    it('leaves the built-in index alone', () => {
      assert.deepEqual(conceptsIn(BUILT_IN_INDEX, ICD10CM, 'S76.312A'), ['hamstringInjury']);
    });
  });
});

describe('CONCEPTS', () => {
  describe('as a table', () => {
    it('lists each concept id once', () => {
      const ids = CONCEPTS.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length);
    });
  });
});

describe('sideFromIcd10', () => {
  describe('with codes whose character after the subcategory is the side', () => {
    it('reads M79.652 (pain in left thigh) as left', () => {
      assert.equal(sideFromIcd10('M79.652'), 'left');
    });
    it('reads I70.213 (claudication, both legs) as bilateral', () => {
      assert.equal(sideFromIcd10('I70.213'), 'bilateral');
    });
    it('reads S76.311A (strain of right hamstring) as right', () => {
      assert.equal(sideFromIcd10('S76.311A'), 'right');
    });
    it('reads M62.551 as right and M62.559 (unspecified) as no side', () => {
      assert.equal(sideFromIcd10('M62.551'), 'right');
      assert.equal(sideFromIcd10('M62.559'), undefined);
    });
    it('does not read 3 as bilateral outside I70.21-', () => {
      assert.equal(sideFromIcd10('M62.553'), undefined);
    });
  });

  describe('with the sided sciatica codes', () => {
    it('reads M54.41 as right and M54.42 as left', () => {
      assert.equal(sideFromIcd10('M54.41'), 'right');
      assert.equal(sideFromIcd10('M54.42'), 'left');
    });
  });

  describe('with a code without laterality', () => {
    it('answers undefined', () => {
      assert.equal(sideFromIcd10('R25.3'), undefined);
    });
  });
});

describe('POST /cds-services/hamstring-twitch', () => {
  const app = testApp();

  async function cardsFor(system: string, code: string) {
    const res = await request(app)
      .post(SERVICE_URL)
      .send(hookRequest({ conditions: bundle(twitching(5, { system, code })) }));
    assert.equal(res.status, 200);
    return (res.body as { cards: Card[] }).cards;
  }

  describe('with the twitching on a problem list coded in SNOMED CT only', () => {
    for (const [code, display] of [
      ['82470000', 'Muscle fasciculation'],
      ['27678003', 'Myokymia'],
    ]) {
      it(`answers ${code} (${display}) with the cards R25.3 gets, naming the SNOMED CT display`, async () => {
        const byIcd10 = await cardsFor(ICD10CM, 'R25.3');
        const bySnomed = await cardsFor(SNOMED, code);
        assert.ok(byIcd10.length > 0);
        assert.deepEqual(
          bySnomed.map((c) => c.summary),
          byIcd10.map((c) => c.summary),
        );
        assert.ok(
          bySnomed.some((c) => (c.detail ?? '').includes(`\n- ${display}, `)),
          JSON.stringify(bySnomed.map((c) => c.detail)),
        );
      });
    }
  });
});

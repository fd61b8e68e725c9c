import assert from 'node:assert/strict';
import { buildPatientFacts, hasActiveTwitching } from '../../src/facts/build';
import { routeResources } from '../../src/facts/route';
import type { PatientFacts } from '../../src/facts/types';
import { poolFrom } from '../../src/fhir/data-loader';
import { historyRecords } from '../../src/approach/episode';
import { bundle, condition, daysAgo, ICD10CM, LOINC, magnesium, NOW, observation, patient, PATIENT_ID, SNOMED, type Resource } from '../support/builders';

const INPUT = { patientId: PATIENT_ID, now: NOW, lookbackDays: 90, unavailable: new Set<string>() };

function routed(...resources: Resource[]) {
  return routeResources(poolFrom([bundle(...resources)]));
}

function factsFrom(...resources: Resource[]): PatientFacts {
  return buildPatientFacts(routed(...resources), INPUT);
}

/** A symptom Observation: fasciculation (R25.3) present or absent. */
function twitchObservation(options: { valueBoolean?: boolean; status?: string; valueCode?: string } = {}): Resource {
  const resource = observation({ system: ICD10CM, code: 'R25.3', status: options.status, valueBoolean: options.valueBoolean });
  if (options.valueCode) resource.valueCodeableConcept = { coding: [{ system: SNOMED, code: options.valueCode }] };
  return resource;
}

describe('routeResources', () => {
  describe('with resources the rules never read', () => {
    it('drops them and keeps the Patient and the coded ones', () => {
      const kept = routed(
        patient(),
        observation({ code: '8867-4', value: 72, unit: '/min', unitCode: '/min' }), // heart rate
        condition({ code: 'J45.909' }), // asthma
        condition({ code: 'R25.3' }),
        magnesium(1.9),
      );
      assert.deepEqual(
        kept.map((r) => [r.pooled.resource.resourceType, [...r.concepts]]),
        [
          ['Patient', []],
          ['Condition', ['twitching']],
          ['Observation', ['magnesium']],
        ],
      );
    });
  });
});

describe('buildPatientFacts', () => {
  describe('with a neuromyotonia diagnosis coded G71.19 whose text names Isaacs syndrome', () => {
    it('keeps its words and marks it broadly coded (G71.19 covers other myotonic disorders)', () => {
      const [record] = factsFrom(condition({ code: 'G71.19', text: "Isaacs' syndrome" })).records;
      assert.equal(record.concept, 'neuromyotonia');
      assert.equal(record.broadlyCoded, true);
      assert.match(record.statedAs ?? '', /Isaacs/);
    });
  });

  describe('with an active, confirmed twitching Condition', () => {
    it('records active twitching with its onset', () => {
      const facts = factsFrom(condition({ id: 'c1', onset: daysAgo(5) }));
      assert.equal(facts.records.length, 1);
      const [record] = facts.records;
      assert.equal(record.concept, 'twitching');
      assert.equal(record.active, true);
      assert.equal(record.confirmed, true);
      assert.equal(record.onset?.toISOString(), `${daysAgo(5)}T00:00:00.000Z`);
      assert.equal(record.evidence.reference, 'Condition/c1');
      assert.equal(record.evidence.description, 'Fasciculation');
    });
  });

  describe('with a refuted twitching Condition', () => {
    it('drops it: no record, and no active twitching', () => {
      const resources = [condition({ verificationStatus: 'refuted' })];
      assert.deepEqual(factsFrom(...resources).records, []);
      assert.equal(hasActiveTwitching(routed(...resources), INPUT), false);
    });
  });

  describe('with a twitching Condition entered in error', () => {
    it('drops it', () => {
      const resources = [condition({ verificationStatus: 'entered-in-error' })];
      assert.deepEqual(factsFrom(...resources).records, []);
      assert.equal(hasActiveTwitching(routed(...resources), INPUT), false);
    });
  });

  describe('with a resolved left hamstring strain (S76.312A) a year ago', () => {
    it('keeps it as inactive history on the left side', () => {
      const facts = factsFrom(condition({ id: 'strain', code: 'S76.312A', clinicalStatus: 'resolved', onset: daysAgo(365) }));
      assert.equal(facts.records.length, 1);
      const [record] = facts.records;
      assert.equal(record.concept, 'hamstringInjury');
      assert.equal(record.active, false);
      assert.equal(record.side, 'left');
      assert.deepEqual(
        historyRecords(facts, 'hamstringInjury').map((r) => r.evidence.reference),
        ['Condition/strain'],
      );
    });
  });

  describe('with a resolved twitching Condition', () => {
    it('keeps the record but not as active twitching', () => {
      const resources = [condition({ clinicalStatus: 'resolved' })];
      assert.equal(factsFrom(...resources).records[0].active, false);
      assert.equal(hasActiveTwitching(routed(...resources), INPUT), false);
    });
  });

  describe('with a preliminary magnesium result', () => {
    it('drops it, and keeps a final one', () => {
      assert.deepEqual(factsFrom(magnesium(1.1, { status: 'preliminary' })).results, []);
      const facts = factsFrom(magnesium(1.1, { id: 'mg-final' }));
      assert.deepEqual(
        facts.results.map((r) => [r.kind, r.evidence.reference, r.evidence.value]),
        [['magnesium', 'Observation/mg-final', '1.1 mg/dL']],
      );
    });
  });

  describe('with several magnesium results', () => {
    it('keeps only the newest', () => {
      const facts = factsFrom(
        magnesium(1.1, { id: 'old', effective: `${daysAgo(30)}T08:00:00Z` }),
        magnesium(2.0, { id: 'new', effective: `${daysAgo(1)}T08:00:00Z` }),
      );
      assert.deepEqual(
        facts.results.map((r) => r.evidence.reference),
        ['Observation/new'],
      );
    });
  });

  describe('with a newer magnesium that has no value (dataAbsentReason)', () => {
    it('reads the older one that has a value', () => {
      const absent = observation({ id: 'haemolysed', code: '19123-9', effective: `${daysAgo(1)}T08:00:00Z` });
      absent.dataAbsentReason = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'error' }] };
      const facts = factsFrom(absent, magnesium(1.9, { id: 'older', effective: `${daysAgo(10)}T08:00:00Z` }));
      assert.deepEqual(
        facts.results.map((r) => r.evidence.reference),
        ['Observation/older'],
      );
    });
  });

  describe('with two versions of one result in the same request', () => {
    it('keeps the newer version whatever the order', () => {
      const v1 = magnesium(1.1, { id: 'mg-v', status: 'preliminary' });
      v1.meta = { versionId: '1' };
      const v2 = magnesium(2.0, { id: 'mg-v', status: 'amended' });
      v2.meta = { versionId: '2' };
      for (const order of [
        [v1, v2],
        [v2, v1],
      ]) {
        assert.deepEqual(
          factsFrom(...order).results.map((r) => r.evidence.value),
          ['2 mg/dL'],
        );
      }
    });
  });

  describe('with a preliminary twitching Observation', () => {
    it('drops it', () => {
      const resources = [twitchObservation({ status: 'preliminary', valueBoolean: true })];
      assert.deepEqual(factsFrom(...resources).records, []);
      assert.equal(hasActiveTwitching(routed(...resources), INPUT), false);
    });
  });

  describe('with a twitching Observation whose valueBoolean is false', () => {
    it('treats the symptom as absent', () => {
      const resources = [twitchObservation({ valueBoolean: false })];
      assert.deepEqual(factsFrom(...resources).records, []);
      assert.equal(hasActiveTwitching(routed(...resources), INPUT), false);
    });
  });

  describe('with a twitching Observation whose value is the SNOMED qualifier Negative', () => {
    it('treats the symptom as absent', () => {
      const resources = [twitchObservation({ valueCode: '260385009' })];
      assert.deepEqual(factsFrom(...resources).records, []);
    });
  });

  describe('with a twitching Observation whose valueBoolean is true', () => {
    it('records active twitching', () => {
      const resources = [twitchObservation({ valueBoolean: true })];
      const facts = factsFrom(...resources);
      assert.deepEqual(
        facts.records.map((r) => [r.concept, r.active, r.resourceType]),
        [['twitching', true, 'Observation']],
      );
      assert.equal(hasActiveTwitching(routed(...resources), INPUT), true);
    });
  });

  describe('with resources about another patient', () => {
    it('ignores them all', () => {
      const facts = factsFrom(patient('someone-else'), condition({ patientId: 'someone-else' }), magnesium(1.1, { patientId: 'someone-else' }));
      assert.deepEqual(facts.records, []);
      assert.deepEqual(facts.results, []);
      assert.equal(facts.birthDate, undefined);
    });
  });

  describe('with the Patient', () => {
    it('reads the birth date', () => {
      assert.equal(factsFrom(patient(PATIENT_ID, '1988-03-14')).birthDate?.toISOString(), '1988-03-14T00:00:00.000Z');
    });
  });

  describe('with an electrolyte code that is not LOINC', () => {
    it('does not take 19123-9 under another system as magnesium', () => {
      assert.deepEqual(factsFrom(magnesium(1.1, { system: 'http://example.org/codes' })).results, []);
      assert.equal(LOINC, 'http://loinc.org');
    });
  });
});

describe('buildPatientFacts: medicines that lower electrolytes', () => {
  const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
  const statement = (id: string, medication: Record<string, unknown>, status = 'active'): Resource => ({
    resourceType: 'MedicationStatement',
    id,
    status,
    subject: { reference: `Patient/${PATIENT_ID}` },
    medicationCodeableConcept: medication,
  });

  describe('with "Furosemide 40 MG Oral Tablet" as text only', () => {
    it('reads furosemide, a loop diuretic, by its name and quotes the words matched', () => {
      const [medicine] = factsFrom(statement('ms-1', { text: 'Furosemide 40 MG Oral Tablet' })).medicines;
      assert.equal(medicine.ingredient.name, 'furosemide');
      assert.equal(medicine.ingredient.medicineClass, 'loop-diuretic');
      assert.equal(medicine.matchedBy, 'name');
      assert.equal(medicine.evidence.reference, 'MedicationStatement/ms-1');
      assert.equal(medicine.evidence.description, '"Furosemide 40 MG Oral Tablet" (matched the name "furosemide")');
    });
  });

  describe('with omeprazole coded by its RxNorm ingredient 7646 on a MedicationRequest', () => {
    it('reads omeprazole by its code', () => {
      const request: Resource = {
        resourceType: 'MedicationRequest',
        id: 'mr-1',
        status: 'active',
        intent: 'order',
        subject: { reference: `Patient/${PATIENT_ID}` },
        medicationCodeableConcept: { coding: [{ system: RXNORM, code: '7646', display: 'omeprazole' }] },
      };
      const [medicine] = factsFrom(request).medicines;
      assert.equal(medicine.ingredient.medicineClass, 'proton-pump-inhibitor');
      assert.equal(medicine.matchedBy, 'code');
      assert.equal(medicine.evidence.description, 'omeprazole (RxNorm 7646)');
    });
  });

  describe('with a stopped furosemide', () => {
    it('reads none: only active, intended or on-hold medications count', () => {
      assert.deepEqual(factsFrom(statement('ms-2', { text: 'Furosemide 40 MG Oral Tablet' }, 'stopped')).medicines, []);
    });
  });

  describe('with esomeprazole', () => {
    it('reads esomeprazole, not omeprazole inside its name', () => {
      const [medicine] = factsFrom(statement('ms-3', { text: 'esomeprazole magnesium 40 MG Delayed Release Oral Capsule' })).medicines;
      assert.equal(medicine.ingredient.name, 'esomeprazole');
    });
  });

  describe('with a medicine that lowers no electrolyte', () => {
    it('reads none', () => {
      assert.deepEqual(factsFrom(statement('ms-4', { text: 'Lisinopril 10 MG Oral Tablet' })).medicines, []);
    });
  });
});

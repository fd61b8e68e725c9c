import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config';
import { CONCEPT } from '../../src/knowledge/codes';
import { RESULT_KIND_BY_CONCEPT } from '../../src/knowledge/catalogue';
import { EMG_CONCEPTS, SYMPTOM_CONCEPTS } from '../../src/knowledge/concept-groups';
import { ICD10CM, LOINC, SNOMED } from '../../src/knowledge/systems';
import { loadRegistry } from '../../src/services/registry';

/** Every LOINC and SNOMED CT code the service reads from an Observation (and R25.3, twitching charted as an Observation). */
function observationCodes(): Set<string> {
  const concepts = [...SYMPTOM_CONCEPTS, ...RESULT_KIND_BY_CONCEPT.keys(), ...EMG_CONCEPTS];
  return new Set(
    concepts.flatMap((c) =>
      CONCEPT[c].codes
        .filter((e) => e.system === SNOMED || e.system === LOINC || (e.system === ICD10CM && e.code === 'R25.3'))
        .map((e) => `${e.system}|${e.code}`),
    ),
  );
}

describe('cds-services.json observations prefetch', () => {
  const registry = loadRegistry(loadConfig({}).servicesFile);

  for (const [id, { entry }] of registry.byId) {
    it(`${id}: asks for every code the service reads from an Observation, and no other`, () => {
      const template = entry.prefetch?.observations ?? '';
      const asked = new Set(template.slice(template.indexOf('&code=') + '&code='.length).split(','));
      const wanted = observationCodes();
      assert.deepEqual(
        [...wanted].filter((c) => !asked.has(c)),
        [],
        'codes the service reads but the template does not ask for (the FHIR server path would miss them)',
      );
      assert.deepEqual(
        [...asked].filter((c) => !wanted.has(c)),
        [],
        'codes the template asks for that the service does not read',
      );
    });
  }
});

/**
 * Routing in one pass: which resources are kept, the concepts and codings each carries, and which
 * copy of a resource sent twice counts.
 */
import assert from 'node:assert/strict';
import { routeResources } from '../../src/facts/route';
import { poolFrom } from '../../src/fhir/data-loader';
import { conceptsOf } from '../../src/knowledge/codes';
import { bundle, condition, ICD10CM, LOINC, magnesium, observation, SNOMED, type Resource } from '../support/builders';

function routed(...values: unknown[]) {
  return routeResources(poolFrom(values));
}

function withVersion(resource: Resource, versionId: string): Resource {
  return { ...resource, meta: { versionId } };
}

describe('routeResources', () => {
  describe('with a Condition coded twice, for twitching and for cramps', () => {
    const twoConcepts = condition({ code: 'R25.3' });
    (twoConcepts.code as { coding: unknown[] }).coding.push({ system: ICD10CM, code: 'R25.2' });

    it('names both concepts in the order of the codings, and the codings that named them', () => {
      const [kept] = routed(bundle(twoConcepts));
      assert.deepEqual([...kept.concepts], [...conceptsOf(ICD10CM, 'R25.3'), ...conceptsOf(ICD10CM, 'R25.2')]);
      assert.deepEqual(
        kept.matches.map((m) => [m.concept, m.code]),
        [
          [conceptsOf(ICD10CM, 'R25.3')[0], 'R25.3'],
          [conceptsOf(ICD10CM, 'R25.2')[0], 'R25.2'],
        ],
      );
    });

    it('leaves the code index as it was (what R25.3 names is still only twitching)', () => {
      routed(bundle(twoConcepts));
      assert.deepEqual([...conceptsOf(ICD10CM, 'R25.3')], ['twitching']);
    });
  });

  describe('with a Condition coded for twitching in ICD-10-CM and in SNOMED CT', () => {
    it('names twitching once, with both codings as its matches', () => {
      const twice = condition({ code: 'R25.3' });
      (twice.code as { coding: unknown[] }).coding.push({ system: SNOMED, code: '82470000' });
      const [kept] = routed(bundle(twice));
      assert.deepEqual([...kept.concepts], ['twitching']);
      assert.deepEqual(
        kept.matches.map((m) => m.code),
        ['R25.3', '82470000'],
      );
    });
  });

  describe('with an order whose text names LGI1 under a generic code', () => {
    it('routes it as an LGI1 order, with no coding as its match', () => {
      const order: Resource = {
        resourceType: 'ServiceRequest',
        id: 'sr-1',
        status: 'active',
        code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '86255' }], text: 'LGI1 antibody, serum' },
      };
      const [kept] = routed(bundle(order));
      assert.deepEqual([...kept.concepts], ['lgi1Antibody']);
      assert.deepEqual(kept.matches, []);
      assert.equal(kept.reference, 'ServiceRequest/sr-1');
    });
  });

  describe('with a result sent twice, as version 1 and version 2', () => {
    it('keeps version 2 in the place the result first arrived, whichever comes first', () => {
      const first = magnesium(1.9, { id: 'mg-1' });
      const heartRate = observation({ code: '8867-4', value: 72 });
      const other = magnesium(2.0, { id: 'mg-2' });
      for (const order of [
        [withVersion(first, '1'), other, withVersion(first, '2')],
        [withVersion(first, '2'), other, withVersion(first, '1')],
      ]) {
        const kept = routed(bundle(order[0], heartRate), bundle(order[1], order[2]));
        assert.deepEqual(
          kept.map((r) => [r.reference, (r.pooled.resource.meta as { versionId?: string } | undefined)?.versionId]),
          [
            ['Observation/mg-1', '2'],
            ['Observation/mg-2', undefined],
          ],
        );
      }
    });
  });

  describe('with a contained result inside a report sent twice', () => {
    const report = (versionId: string): Resource => ({
      resourceType: 'DiagnosticReport',
      id: 'r1',
      meta: { versionId },
      status: 'final',
      code: { coding: [{ system: LOINC, code: '24323-8' }] },
      contained: [magnesium(versionId === '2' ? 1.2 : 1.9, { id: 'k' })],
    });

    it('keeps the contained result of the newer report once, as DiagnosticReport/r1#k', () => {
      const kept = routed(bundle(report('2'), report('1'))).filter((r) => r.pooled.container !== undefined);
      assert.deepEqual(
        kept.map((r) => [r.reference, (r.pooled.resource.valueQuantity as { value: number }).value]),
        [['DiagnosticReport/r1#k', 1.2]],
      );
    });

    it('keeps both when the reports have no id to tell them apart by', () => {
      const withoutId = (versionId: string) => ({ ...report(versionId), id: undefined });
      const kept = routed(bundle(withoutId('2'), withoutId('1'))).filter((r) => r.pooled.container !== undefined);
      assert.deepEqual(
        kept.map((r) => r.reference),
        ['DiagnosticReport#k', 'DiagnosticReport#k'],
      );
    });
  });
});

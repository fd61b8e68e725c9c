import assert from 'node:assert/strict';
import { fillTemplate } from '../../src/fhir/prefetch-template';

const CONTEXT = {
  userId: 'Practitioner/dr-1',
  patientId: 'pt-1',
  encounterId: 'enc 1',
  selections: ['MedicationRequest/m1'],
  draftOrders: { resourceType: 'Bundle' },
};

describe('fillTemplate', () => {
  describe('with a read of the context patient', () => {
    it('reads Patient pt-1', () => {
      assert.deepEqual(fillTemplate('Patient/{{context.patientId}}', CONTEXT), {
        ok: true,
        query: { kind: 'read', resourceType: 'Patient', id: 'pt-1', path: 'Patient/pt-1' },
      });
    });
  });

  describe('with a search by patient and encounter', () => {
    it('fills both tokens, percent-encoding the values', () => {
      assert.deepEqual(fillTemplate('Observation?patient={{context.patientId}}&encounter={{ context.encounterId }}', CONTEXT), {
        ok: true,
        query: { kind: 'search', resourceType: 'Observation', path: 'Observation?patient=pt-1&encounter=enc%201' },
      });
    });
  });

  describe('with the user tokens', () => {
    it('fills userPractitionerId from a Practitioner userId', () => {
      const filled = fillTemplate('Practitioner/{{userPractitionerId}}', CONTEXT);
      assert.ok(filled.ok);
      assert.equal(filled.query.path, 'Practitioner/dr-1');
    });
    it('cannot fill userPatientId when the user is a Practitioner', () => {
      assert.deepEqual(fillTemplate('Patient/{{userPatientId}}', CONTEXT), { ok: false, reason: 'the request gives no value for {{userPatientId}}' });
    });
  });

  describe('with {{context.userId}} as the whole template', () => {
    it('reads the user resource, keeping the slash of the reference', () => {
      const filled = fillTemplate('{{context.userId}}', CONTEXT);
      assert.deepEqual(filled, { ok: true, query: { kind: 'read', resourceType: 'Practitioner', id: 'dr-1', path: 'Practitioner/dr-1' } });
    });
  });

  describe('with a token the context has no value for', () => {
    it('cannot be filled, and names the token', () => {
      assert.deepEqual(fillTemplate('Encounter/{{context.encounterId}}', { userId: 'Practitioner/1', patientId: 'p' }), {
        ok: false,
        reason: 'the request gives no value for {{context.encounterId}}',
      });
    });
  });

  describe('with context fields that are not tokens (selections, draftOrders)', () => {
    it('cannot be filled', () => {
      assert.equal(fillTemplate('MedicationRequest?_id={{context.selections}}', CONTEXT).ok, false);
      assert.equal(fillTemplate('Bundle/{{context.draftOrders}}', CONTEXT).ok, false);
    });
  });

  describe('with a value that would climb out of the FHIR base', () => {
    it('refuses a read of ".."', () => {
      assert.equal(fillTemplate('Patient/{{context.patientId}}', { ...CONTEXT, patientId: '..' }).ok, false);
    });
    it('encodes slashes and question marks in values of other tokens', () => {
      const filled = fillTemplate('Condition?patient={{context.patientId}}', { ...CONTEXT, patientId: 'a?b&c' });
      assert.ok(filled.ok);
      assert.equal(filled.query.path, 'Condition?patient=a%3Fb%26c');
    });
  });

  describe('with a template that is not a read or a type-level search', () => {
    it('cannot be filled', () => {
      assert.equal(fillTemplate('Patient/{{context.patientId}}/_history', CONTEXT).ok, false);
      assert.equal(fillTemplate('http://elsewhere.example/Patient', CONTEXT).ok, false);
      assert.equal(fillTemplate('Patient/{{context.patientId', CONTEXT).ok, false);
    });
  });
});

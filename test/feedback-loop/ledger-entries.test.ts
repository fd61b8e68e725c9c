/** What the ledger keeps of a call's cards: the rule, the versions, the call and the hashed patient, never the patient. */
import assert from 'node:assert/strict';
import { FHIR_FETCH_DEFAULTS, loadConfig } from '../../src/config';
import { ledgerEntries } from '../../src/feedback-loop/ledger-entries';
import { FhirLoader } from '../../src/fhir/fhir-loader';
import { evaluateService, validServiceRequest } from '../../src/http/hooks';
import { createLogger } from '../../src/logger';
import { FhirServerAllowlist } from '../../src/security/fhir-server-allowlist';
import { loadRegistry } from '../../src/services/registry';
import { bundle, hookRequest, magnesium, NOW, PATIENT_ID, twitching } from '../support/builders';

const config = loadConfig({});
const registry = loadRegistry(config.servicesFile);
const loader = new FhirLoader({ ...FHIR_FETCH_DEFAULTS, allowlist: FhirServerAllowlist.of([]), logger: createLogger('silent') });

describe('feedback-loop: ledgerEntries', () => {
  it('gives one row per card with its finding, lines, indicator, suggestions and fingerprint, the call and the versions, and only the hash of the patient', async () => {
    const service = registry.byId.get('hamstring-twitch')!;
    const request = validServiceRequest(service, hookRequest({ conditions: bundle(twitching(5)), observations: bundle(magnesium(1.3)) }));
    const { issued } = await evaluateService(service, request, {
      loader,
      clock: () => NOW,
      settings: { lookbackDays: 90, persistentAfterDays: 14, mriStrainWindowDays: 90, redFlagEstablishedDays: 90 },
      approachUrl: '/approach',
    });
    const call = {
      serviceId: 'hamstring-twitch',
      hook: 'patient-view',
      hookInstance: request.hookInstance,
      issuedAt: NOW,
      patientHash: 'f'.repeat(64),
      userHash: 'e'.repeat(64),
      serviceVersion: '1.2.3',
      knowledgeVersion: '2026.12.1',
    };
    const rows = ledgerEntries(
      issued.map((i) => ({ issued: i, mode: 'active' as const, delivery: 'shown' as const })),
      call,
    );
    assert.ok(issued.length > 0);
    assert.deepEqual(
      rows,
      issued.map(({ card, findingKind, findingKey, lines, fingerprint, flags }) => ({
        cardUuid: card.uuid,
        serviceId: 'hamstring-twitch',
        hook: 'patient-view',
        findingKind,
        findingKey,
        indicator: card.indicator,
        approachLineIds: [...lines],
        serviceVersion: '1.2.3',
        knowledgeVersion: '2026.12.1',
        hookInstance: request.hookInstance,
        issuedAt: NOW,
        patientHash: 'f'.repeat(64),
        evidenceFingerprint: fingerprint,
        suggestionUuids: (card.suggestions ?? []).map((s) => s.uuid),
        mode: 'active',
        delivery: 'shown',
        userHash: 'e'.repeat(64),
        flagKinds: [...flags],
      })),
    );
    const low = rows.find((r) => r.findingKind === 'electrolyte-low');
    assert.equal(low?.findingKey, 'electrolyte-low:magnesium');
    assert.ok(low && low.suggestionUuids.length > 0, 'the recheck suggestion is kept');
    assert.ok(!JSON.stringify(rows).includes(PATIENT_ID), 'no row names the patient');
    assert.ok(!JSON.stringify(rows).includes(request.context.userId), 'no row names the user');
  });
});

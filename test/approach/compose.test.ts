import assert from 'node:assert/strict';
import { evaluatePatientView } from '../../src/approach/compose';
import type { Finding } from '../../src/approach/findings';
import { SNOMED } from '../../src/knowledge/systems';
import { CTX, emg, facts, record, result, twitching } from '../support/facts';

const kinds = (findings: readonly Finding[]) => findings.map((f) => f.kind);
const site = (code: string) => [{ system: SNOMED, code }];
const THIGH = '68367000';
const LEFT_THIGH = '61396006';
const CALF = '53840002';
const UPPER_ARM = '40983000';
const TONGUE = '21974007';
const HAND = '85562004';
const normalLabs = [result('magnesium', 2.0), result('potassium', 4.2), result('calciumTotal', 9.4)];

function urgent(findings: readonly Finding[]) {
  const found = findings.find((f) => f.kind === 'urgent-assessment');
  return found?.kind === 'urgent-assessment' ? found : undefined;
}

describe('approach/compose: patient-view decided in one place', () => {
  describe('with motor neuron disease on record and new fasciculations', () => {
    const findings = evaluatePatientView(facts({ records: [twitching(5), record('motorNeuronDisease', { sinceDaysAgo: 400 })], results: normalLabs }), CTX);
    it('says the diagnosis is known, and neither "likely benign" nor an urgent card', () => {
      assert.deepEqual(kinds(findings), ['known-diagnosis']);
    });
  });

  describe('with motor neuron disease, weakness and atrophy on record', () => {
    const findings = evaluatePatientView(
      facts({
        records: [
          twitching(40),
          record('motorNeuronDisease', { sinceDaysAgo: 300 }),
          record('muscleWeakness', { sinceDaysAgo: 20 }),
          record('muscleAtrophy', { sinceDaysAgo: 20 }),
        ],
        results: normalLabs,
      }),
      CTX,
    );
    it('raises no urgent card and orders no new EMG: the diagnosis explains them', () => {
      assert.deepEqual(kinds(findings), ['known-diagnosis']);
      const known = findings[0];
      assert.ok(known.kind === 'known-diagnosis' && known.flags.every((f) => f.explainedBy.length > 0));
    });
  });

  describe('with sciatica on the problem list for eight years', () => {
    const old = evaluatePatientView(facts({ records: [twitching(5), record('radiculopathy', { sinceDaysAgo: 8 * 365 })], results: normalLabs }), CTX);
    const worse = evaluatePatientView(
      facts({ records: [twitching(5), record('radiculopathy', { sinceDaysAgo: 8 * 365, progressive: true })], results: normalLabs }),
      CTX,
    );
    const fresh = evaluatePatientView(facts({ records: [twitching(5), record('radiculopathy', { sinceDaysAgo: 10 })], results: normalLabs }), CTX);
    it('names it in a warning, not a critical card, and does not call the twitching benign', () => {
      assert.deepEqual(kinds(old), ['red-flags-on-record']);
    });
    it('keeps it urgent when recorded as worsening, and when it is new', () => {
      assert.equal(urgent(worse)?.flags[0].flag, 'radiculopathy');
      assert.equal(urgent(fresh)?.flags[0].flag, 'radiculopathy');
    });
  });

  describe('with claudication and an ABI measured after it began', () => {
    const findings = evaluatePatientView(
      facts({
        records: [twitching(5), record('claudication', { sinceDaysAgo: 60 })],
        results: [...normalLabs, result('ankleBrachialIndex', 0.82, { daysAgo: 7 })],
      }),
      CTX,
    );
    it('reads the ABI in its own card and raises no critical card', () => {
      assert.equal(urgent(findings), undefined);
      assert.ok(kinds(findings).includes('abi-result'), kinds(findings).join());
    });
  });

  describe('with known PAD and claudication recorded as worsening', () => {
    const findings = evaluatePatientView(
      facts({
        records: [twitching(5), record('peripheralVascularDisease', { sinceDaysAgo: 900 }), record('claudication', { sinceDaysAgo: 900, progressive: true })],
        results: normalLabs,
      }),
      CTX,
    );
    it('stays urgent: worsening claudication asks for pulses and a new ABI even in known PAD', () => {
      assert.equal(urgent(findings)?.flags[0].flag, 'claudication');
    });
  });

  describe('fasciculations at two sites of one leg, then in another region', () => {
    const oneLeg = evaluatePatientView(
      facts({ records: [twitching(5, { bodySites: site(LEFT_THIGH) }), twitching(5, { bodySites: site(CALF) })], results: normalLabs }),
      CTX,
    );
    const armAndTongue = evaluatePatientView(
      facts({
        records: [twitching(5, { bodySites: site(THIGH) }), twitching(5, { bodySites: site(UPPER_ARM) }), twitching(5, { bodySites: site(TONGUE) })],
        results: normalLabs,
      }),
      CTX,
    );
    it('reads thigh and calf as one region: not widespread', () => {
      assert.deepEqual(kinds(oneLeg), ['likely-benign']);
    });
    it('reads thigh, arm and tongue as three regions: widespread, with an EMG of several regions', () => {
      const card = urgent(armAndTongue);
      assert.equal(card?.flags[0].flag, 'widespread');
      assert.ok(card?.evaluation && !card.evaluation.existing);
    });
  });

  describe('sensory changes that are not radicular', () => {
    it('tingling of the hand with carpal tunnel syndrome: no red flag, likely benign', () => {
      const findings = evaluatePatientView(
        facts({
          records: [twitching(5), record('carpalTunnelSyndrome', { sinceDaysAgo: 900 }), record('sensoryChange', { sinceDaysAgo: 3, bodySites: site(HAND) })],
          results: normalLabs,
        }),
        CTX,
      );
      assert.deepEqual(kinds(findings), ['likely-benign']);
    });
    it('numbness of both feet beside a polyneuropathy: that neuropathy, not radiculopathy', () => {
      const feet = record('sensoryChange', { sinceDaysAgo: 3, places: [{ part: 'foot', side: 'bilateral' }] });
      const findings = evaluatePatientView(facts({ records: [twitching(5), record('polyneuropathy', { sinceDaysAgo: 900 }), feet], results: normalLabs }), CTX);
      assert.deepEqual(kinds(findings), ['likely-benign']);
    });
    it('numbness of both feet without a polyneuropathy stays a radicular red flag', () => {
      const feet = record('sensoryChange', { sinceDaysAgo: 3, places: [{ part: 'foot', side: 'bilateral' }] });
      const findings = evaluatePatientView(facts({ records: [twitching(5), feet], results: normalLabs }), CTX);
      assert.equal(urgent(findings)?.flags[0].flag, 'radiculopathy');
    });
    it('numbness with no site: asks whether it radiates, in a warning', () => {
      const findings = evaluatePatientView(facts({ records: [twitching(5), record('sensoryChange', { sinceDaysAgo: 3 })], results: normalLabs }), CTX);
      assert.equal(urgent(findings), undefined);
      const onRecord = findings.find((f) => f.kind === 'red-flags-on-record');
      assert.ok(onRecord?.kind === 'red-flags-on-record' && onRecord.toConfirm.length === 1, kinds(findings).join());
    });
  });

  describe('persistent twitching and the EMG', () => {
    it('a normal EMG after onset excludes neuromyotonia: no evaluation card, likely benign', () => {
      const findings = evaluatePatientView(facts({ records: [twitching(60)], results: normalLabs, emg: [emg({ daysAgo: 20, outcome: 'normal' })] }), CTX);
      assert.deepEqual(kinds(findings), ['likely-benign']);
      assert.ok(findings[0].kind === 'likely-benign' && findings[0].normalEmg !== undefined);
    });
    it('an EMG whose report says nothing readable finishes the evaluation but excludes nothing: no benign reading', () => {
      const findings = evaluatePatientView(facts({ records: [twitching(60)], results: normalLabs, emg: [emg({ daysAgo: 20 })] }), CTX);
      assert.deepEqual(kinds(findings), []);
    });
    it('without an EMG: the neurological evaluation', () => {
      const findings = evaluatePatientView(facts({ records: [twitching(60)], results: normalLabs }), CTX);
      assert.deepEqual(kinds(findings), ['neurological-evaluation']);
    });
  });
});

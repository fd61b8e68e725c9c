import assert from 'node:assert/strict';
import { abiFindings, claudicationWorkup } from '../../../src/approach/vascular/rule';
import { CTX, facts, order, record, result } from '../../support/facts';

describe('approach/vascular: claudicationWorkup', () => {
  describe('without claudication', () => {
    it('has nothing to work up', () => {
      assert.equal(claudicationWorkup(facts({ results: [result('ankleBrachialIndex', 0.8)] }), CTX), undefined);
    });
  });

  describe('with intermittent claudication and no ABI', () => {
    it('has no ABI on record and no reading', () => {
      const workup = claudicationWorkup(facts({ records: [record('claudication')] }), CTX);
      assert.ok(workup && workup.existingAbi === undefined && workup.readings.length === 0);
    });
  });

  describe('with an ABI ordered in the window', () => {
    it('names the order as the ABI on record', () => {
      const abi = order('ankleBrachialIndex', { daysAgo: 3 });
      assert.equal(claudicationWorkup(facts({ records: [record('claudication')], orders: [abi] }), CTX)?.existingAbi, abi.evidence);
    });
  });
});

describe('approach/vascular: abiFindings', () => {
  describe('with a left ABI of 0.82 and a right one of 1.05', () => {
    it('reads both and speaks of the worst', () => {
      const [finding] = abiFindings(
        facts({ results: [result('ankleBrachialIndex', 0.82, { side: 'left' }), result('ankleBrachialIndex', 1.05, { side: 'right' })] }),
        CTX,
      );
      assert.ok(finding.kind === 'abi-result');
      assert.equal(finding.worst, 'abnormal');
      assert.deepEqual(finding.readings.map((r) => [r.result.side, r.band]).sort(), [
        ['left', 'abnormal'],
        ['right', 'normal'],
      ]);
    });
  });

  describe('with two ABIs of the same side', () => {
    it('reads only the newest', () => {
      const [finding] = abiFindings(
        facts({
          results: [result('ankleBrachialIndex', 0.7, { side: 'left', daysAgo: 300 }), result('ankleBrachialIndex', 1.1, { side: 'left', daysAgo: 10 })],
        }),
        CTX,
      );
      assert.ok(finding.kind === 'abi-result');
      assert.deepEqual(
        finding.readings.map((r) => r.value),
        [1.1],
      );
    });
  });

  describe('with an ABI of 12', () => {
    it('reads nothing from it (the plausibility card names it)', () => {
      assert.deepEqual(abiFindings(facts({ results: [result('ankleBrachialIndex', 12)] }), CTX), []);
    });
  });

  describe('with an ABI older than the window', () => {
    it('marks it old', () => {
      const [finding] = abiFindings(facts({ results: [result('ankleBrachialIndex', 0.95, { daysAgo: 200 })] }), CTX);
      assert.ok(finding.kind === 'abi-result' && finding.readings[0].old && finding.worst === 'borderline');
    });
  });
});

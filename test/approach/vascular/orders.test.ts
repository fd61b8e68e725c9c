import assert from 'node:assert/strict';
import { checkEmgForClaudication } from '../../../src/approach/vascular/orders';
import { draft, facts, record, result, twitching } from '../../support/facts';
import { orderCheck } from '../check';

describe('approach/vascular: checkEmgForClaudication', () => {
  describe('with an EMG drafted, claudication on record and recent twitching', () => {
    it('warns it may be claudication, with no ABI on record', () => {
      const emg = draft(['electromyography']);
      const finding = checkEmgForClaudication(orderCheck(facts({ records: [twitching(5), record('claudication')] }), [emg]), emg, emg.tests[0]);
      assert.ok(finding && !finding.emgIndicated && finding.existingAbi === undefined);
    });
  });

  describe('with persistent twitching and no ABI', () => {
    it('keeps the EMG (it has its own indication) and asks for the ABI', () => {
      const emg = draft(['electromyography']);
      const finding = checkEmgForClaudication(orderCheck(facts({ records: [twitching(40), record('claudication')] }), [emg]), emg, emg.tests[0]);
      assert.ok(finding?.emgIndicated === true);
    });
  });

  describe('with persistent twitching and an ABI in the window', () => {
    it('says nothing', () => {
      const emg = draft(['electromyography']);
      const f = facts({ records: [twitching(40), record('claudication')], results: [result('ankleBrachialIndex', 1.0)] });
      assert.equal(checkEmgForClaudication(orderCheck(f, [emg]), emg, emg.tests[0]), undefined);
    });
  });

  describe('without twitching', () => {
    it('still checks: claudication mistaken for twitching needs no twitching on record', () => {
      const emg = draft(['electromyography']);
      assert.ok(checkEmgForClaudication(orderCheck(facts({ records: [record('claudication')] }), [emg], false), emg, emg.tests[0]));
    });

    it('says nothing when the claudication already has an ABI drafted', () => {
      const emg = draft(['electromyography']);
      const drafts = [emg, draft(['ankleBrachialIndex'])];
      assert.equal(checkEmgForClaudication(orderCheck(facts({ records: [record('claudication')] }), drafts, false), emg, emg.tests[0]), undefined);
    });
  });
});

import assert from 'node:assert/strict';
import { emgOutcome } from '../../src/knowledge/emg-report';
import { SNOMED } from '../../src/knowledge/systems';

describe('knowledge/emg-report: what an EMG report concludes', () => {
  const none: { system?: string; code?: string }[] = [];
  it('reads SNOMED CT 17621005 "Normal" as a normal study', () => {
    assert.equal(emgOutcome(false, [{ system: SNOMED, code: '17621005' }], undefined), 'normal');
  });
  it('reads "Normal study. No neuromyotonic discharges." as normal', () => {
    assert.equal(emgOutcome(false, none, 'Normal study. No neuromyotonic discharges.'), 'normal');
  });
  it('reads a negated abnormality as no abnormality', () => {
    assert.equal(emgOutcome(false, none, 'Within normal limits; no evidence of neuropathy or denervation.'), 'normal');
  });
  it('reads denervation as abnormal, even beside a normal code', () => {
    assert.equal(
      emgOutcome(false, [{ system: SNOMED, code: '17621005' }], 'Active denervation in three regions, consistent with motor neuron disease.'),
      'abnormal',
    );
  });
  it('a report coded as neuromyotonia is neuromyotonia', () => {
    assert.equal(emgOutcome(true, none, 'Normal nerve conduction'), 'neuromyotonia');
  });
  it('says nothing it cannot read', () => {
    assert.equal(emgOutcome(false, none, 'See scanned report.'), 'unstated');
  });
});

/** signOffStatus: where the approach's approval stands for the knowledge that runs, on a given day. */
import assert from 'node:assert/strict';
import { signOffStatus } from '../../src/knowledge/sign-off';

const APPROVED = { owner: 'CDS committee', approvedVersion: '2026.12.1', approvedOn: '2026-11-20', reviewDue: '2027-11-20' };

describe('signOffStatus', () => {
  it('without an approval: not yet approved', () => {
    const status = signOffStatus({ owner: 'CDS committee' }, '2026.12.1', '2026-12-08');
    assert.equal(status.state, 'not-approved');
    assert.match(status.sentence, /^Not yet approved/);
  });

  it('approved for the version running, before its review: approved, with the review date', () => {
    const status = signOffStatus(APPROVED, '2026.12.1', '2026-12-08');
    assert.deepEqual(status, { state: 'approved', sentence: 'Approved on 2026-11-20 for knowledge 2026.12.1; next review by 2027-11-20.' });
  });

  it('approved for another knowledge version: this release is not approved', () => {
    const status = signOffStatus(APPROVED, '2027.1.1', '2026-12-08');
    assert.equal(status.state, 'other-version');
    assert.match(status.sentence, /knowledge 2026\.12\.1 was approved on 2026-11-20; this release runs knowledge 2027\.1\.1, which has not been approved/);
  });

  it('on the review day it is still approved; the day after, overdue', () => {
    assert.equal(signOffStatus(APPROVED, '2026.12.1', '2027-11-20').state, 'approved');
    assert.equal(signOffStatus(APPROVED, '2026.12.1', '2027-11-21').state, 'review-overdue');
  });

  it('approved without a review date: says none is set', () => {
    const status = signOffStatus({ ...APPROVED, reviewDue: undefined }, '2026.12.1', '2026-12-08');
    assert.equal(status.sentence, 'Approved on 2026-11-20 for knowledge 2026.12.1; no review date set.');
  });
});

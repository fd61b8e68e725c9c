import assert from 'node:assert/strict';
import { escapeText, evidenceLine, evidenceList } from '../../src/cards/markdown';

describe('escapeText', () => {
  describe('with markdown and HTML in EHR text', () => {
    it('escapes every character that starts markup', () => {
      assert.equal(escapeText('*b* _i_ `c` [l](u) <img> & | ~s~ \\'), '\\*b\\* \\_i\\_ \\`c\\` \\[l\\](u) \\<img\\> \\& \\| \\~s\\~ \\\\');
    });
    it('leaves no unescaped link or tag', () => {
      const out = escapeText('[click](javascript:alert(1)) <img src=x onerror=alert(2)>');
      assert.doesNotMatch(out, /(?<!\\)<img/);
      assert.doesNotMatch(out, /(?<!\\)\]\(/);
      assert.doesNotMatch(out, /(?<!\\)\[/);
    });
  });

  describe('with line breaks and tabs', () => {
    it('joins them into one line, so text cannot start a heading or a list', () => {
      assert.equal(escapeText('a\n# heading\r\n- item\tx'), 'a # heading - item x');
    });
  });

  describe('with long text', () => {
    it('clips text over 200 characters to 200 and an ellipsis', () => {
      const out = escapeText('a'.repeat(250));
      assert.equal(out, `${'a'.repeat(200)}…`);
    });
    it('leaves text of exactly 200 characters whole', () => {
      assert.equal(escapeText('b'.repeat(200)), 'b'.repeat(200));
    });
    it('clips before escaping, so a clipped text keeps every escape', () => {
      const out = escapeText(`${'a'.repeat(199)}<img>`);
      assert.equal(out, `${'a'.repeat(199)}\\<…`);
    });
  });

  describe('with plain text', () => {
    it('returns it unchanged', () => {
      assert.equal(escapeText('Magnesium 1.3 mg/dL (low)'), 'Magnesium 1.3 mg/dL (low)');
    });
  });
});

describe('evidenceLine', () => {
  describe('with EHR text in every part', () => {
    it('writes one list item with description, value and date, escaped, and never the resource id', () => {
      const line = evidenceLine({
        reference: 'Observation/<x>',
        description: 'Magnesium *bold*',
        value: '1.3 mg/dL',
        date: new Date('2026-11-24T08:00:00Z'),
      });
      assert.equal(line, '- Magnesium \\*bold\\*: 1.3 mg/dL, 2026-11-24');
    });
  });
});

describe('evidenceList', () => {
  describe('with the same evidence twice', () => {
    it('lists it once', () => {
      const e = { reference: 'Condition/c1', description: 'Fasciculation' };
      assert.equal(evidenceList([e, e]), '- Fasciculation');
    });
  });
});

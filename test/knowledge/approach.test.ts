import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CARD_DEFINITIONS } from '../../src/approach';
import { APPROACH_LINES, APPROACH_SECTIONS, approachLine, refsOf } from '../../src/knowledge/approach';

/** The approach document as the table gives it back, line by line, as the source writes it. */
function rebuiltDocument(): string {
  return APPROACH_SECTIONS.flatMap((section) => [
    section.title,
    ...section.lines.map((line) => `${line.bullet ? '- ' : ''}${line.text}${line.refs.length > 0 ? ` ${line.refs.join(', ')}` : ''}`),
  ]).join('\n');
}

describe('knowledge/approach', () => {
  it('gives back the source document word for word (its 38 lines)', () => {
    const text = rebuiltDocument();
    assert.equal(text.split('\n').length, 38);
    // SHA-256 of the source's text block, lines joined by "\n": a change to any line's text, refs or order shows here.
    assert.equal(createHash('sha256').update(text).digest('hex'), 'ca3ae7756b9a79ae6c36bc443d71aa4ecef7ebadc6622be008da90f3701a63b6');
  });

  it('gives every line a unique id prefixed by its section', () => {
    const ids = APPROACH_LINES.map((line) => line.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const section of APPROACH_SECTIONS) for (const line of section.lines) assert.ok(line.id.startsWith(`${section.id}.`), line.id);
  });

  it('cites only the approach references 1 to 7, and every line but a lead-in cites one', () => {
    for (const line of APPROACH_LINES) {
      assert.ok(
        line.refs.every((n) => Number.isInteger(n) && n >= 1 && n <= 7),
        line.id,
      );
      assert.equal(line.refs.length === 0, line.role === 'lead-in', line.id);
    }
  });

  it('finds a line by id, and nothing for an id it does not have', () => {
    assert.equal(approachLine('red-flag.weakness')?.refs[0], 2);
    assert.equal(approachLine('red-flag.nothing'), undefined);
    assert.equal(approachLine('constructor'), undefined);
  });

  it('gathers the references of several lines once each, in order', () => {
    assert.deepEqual(refsOf(['diagnostic.bmp-with-mg', 'diagnostic.activity-hydration-repletion', 'benign.electrolytes']), [1, 3]);
  });

  describe('and the cards', () => {
    const cited = new Set(Object.values(CARD_DEFINITIONS).flatMap((definition) => definition.lines));

    it('cite only lines that exist', () => {
      for (const id of cited) assert.ok(approachLine(id), id);
    });

    it('follow every line a rule decides on (lead-ins and background advice excepted)', () => {
      const unfollowed = APPROACH_LINES.filter((line) => line.role === 'rule' && !cited.has(line.id)).map((line) => line.id);
      assert.deepEqual(unfollowed, []);
    });

    it('never link a card to a lead-in or to background advice', () => {
      for (const [kind, definition] of Object.entries(CARD_DEFINITIONS)) assert.equal(approachLine(definition.lines[0])?.role, 'rule', kind);
    });
  });
});

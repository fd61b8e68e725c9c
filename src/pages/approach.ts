/**
 * GET /approach: the clinical approach as a page a clinician can open. Every line has its id as
 * an anchor, so a card's source link lands on the sentence it follows; each line lists the cards
 * that follow it (in bold those that link to it). Built once: the approach does not change while
 * the service runs.
 */
import { CARD_DEFINITIONS } from '../approach';
import { APPROACH_SECTIONS, APPROACH_TITLE, type ApproachLine, type ApproachLineId } from '../knowledge/approach';
import { escapeHtml, page } from './html';

interface FollowingCard {
  title: string;
  kind: string;
  /** The card's source link points at this line. */
  primary: boolean;
}

/** Line id -> the cards that follow it, from the card definitions. */
function cardsByLine(): Map<ApproachLineId, FollowingCard[]> {
  const byLine = new Map<ApproachLineId, FollowingCard[]>();
  for (const [kind, definition] of Object.entries(CARD_DEFINITIONS)) {
    definition.lines.forEach((id, index) => {
      const cards = byLine.get(id) ?? [];
      cards.push({ title: definition.title, kind, primary: index === 0 });
      byLine.set(id, cards);
    });
  }
  return byLine;
}

const ROLE_BADGE: Readonly<Record<ApproachLine['role'], string>> = {
  rule: '',
  'lead-in': '<span class="badge">introduces the lines below</span> ',
  advice: '<span class="badge">background: no card decides on it</span> ',
};

function renderLine(line: ApproachLine<ApproachLineId>, cards: readonly FollowingCard[]): string {
  const refs = line.refs.length > 0 ? `<span class="refs">[${line.refs.join(', ')}]</span> · ` : '';
  const list =
    cards.length === 0
      ? ''
      : `<ul class="cards">${cards
          .map((c) => `<li${c.primary ? ' class="primary"' : ''}>${escapeHtml(c.title)} <span class="id">${escapeHtml(c.kind)}</span></li>`)
          .join('')}</ul>`;
  return `<div class="line${line.bullet ? ' bullet' : ''}" id="${escapeHtml(line.id)}">
<p class="text">${escapeHtml(line.text)}</p>
<p class="meta">${refs}${ROLE_BADGE[line.role]}<a class="id" href="#${escapeHtml(line.id)}">${escapeHtml(line.id)}</a></p>
${list}</div>`;
}

export function approachPage(versions: { service: string; knowledge: string }): string {
  const byLine = cardsByLine();
  const sections = APPROACH_SECTIONS.map(
    (section) =>
      `<section id="section-${escapeHtml(section.id)}">
${section.title === APPROACH_TITLE ? '' : `<h2>${escapeHtml(section.title)}</h2>`}
${section.lines.map((line) => renderLine(line, byLine.get(line.id) ?? [])).join('\n')}
</section>`,
  ).join('\n');
  const body = `<header>
<h1>${escapeHtml(APPROACH_TITLE)}</h1>
<p class="lead">The clinical approach hamstring-cds follows, line by line. Each card the service returns links to the line it follows; under each line are the cards that follow it (in bold, those that link here). Numbers in brackets are the approach's own references.</p>
</header>
${sections}
<footer>hamstring-cds ${escapeHtml(versions.service)} · knowledge ${escapeHtml(versions.knowledge)}</footer>`;
  return page(`${APPROACH_TITLE} · hamstring-cds`, body);
}

/**
 * GET /approach: the clinical approach as a page a clinician can open. Every line has its id as
 * an anchor, so a card's source link lands on the sentence it follows; each line lists the cards
 * that follow it (in bold those that link to it). It opens with who answers for the approach and
 * where its approval stands, and ends with the references: what the bracketed numbers are, and the
 * sources the service verified itself. The lines do not change while the service runs; whether a
 * review is overdue does, so the router builds the page once a day.
 */
import { CARD_DEFINITIONS } from '../approach';
import { APPROACH_SECTIONS, APPROACH_TITLE, type ApproachLine, type ApproachLineId } from '../knowledge/approach';
import { signOffStatus, type ApproachSignOff } from '../knowledge/sign-off';
import { VERIFIED_SOURCES, type VerifiedSource } from '../knowledge/sources';
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

export interface ApproachPageInput {
  versions: { service: string; knowledge: string };
  signOff: ApproachSignOff;
  /** The day the page is built for, YYYY-MM-DD: a review due before it is overdue. */
  today: string;
}

/** Who answers for the approach, and where its approval stands: what a committee checks first. */
function renderSignOff(signOff: ApproachSignOff, knowledgeVersion: string, today: string): string {
  const status = signOffStatus(signOff, knowledgeVersion, today);
  const unset = (text: string) => `<span class="muted">${escapeHtml(text)}</span>`;
  const row = (label: string, value: string) => `<div><dt>${escapeHtml(label)}</dt><dd>${value}</dd></div>`;
  return `<section id="sign-off" class="sign-off ${status.state}" data-state="${status.state}">
<p class="status">${escapeHtml(status.sentence)}</p>
<dl>
${row('Owner', signOff.owner !== undefined ? escapeHtml(signOff.owner) : unset('No owner named'))}
${row('Knowledge version running', escapeHtml(knowledgeVersion))}
${row('Approved', signOff.approvedOn !== undefined ? `${escapeHtml(signOff.approvedOn)} (knowledge ${escapeHtml(signOff.approvedVersion ?? '')})` : unset('Not yet approved'))}
${row('Review due', signOff.reviewDue !== undefined ? escapeHtml(signOff.reviewDue) : unset('No review date set'))}
</dl>
<p class="note">Decision support a clinician reads and judges, not a diagnosis: a site validates it locally before use. The owner and dates are set by the site (APPROACH_OWNER, APPROACH_APPROVED_VERSION, APPROACH_APPROVED_ON, APPROACH_REVIEW_DUE).</p>
</section>`;
}

function renderSource(source: VerifiedSource): string {
  const link =
    source.url !== undefined
      ? ` <a href="${escapeHtml(source.url)}">${escapeHtml(source.url)}</a>`
      : ' <span class="muted">(no single public source: the laboratory\'s range is preferred)</span>';
  return `<li id="source-${escapeHtml(source.id)}"><p class="topic">${escapeHtml(source.topic)}</p>
<p class="citation">${escapeHtml(source.citation)}${link}</p>
<p class="used muted">${escapeHtml(source.usedFor)}</p></li>`;
}

function renderReferences(): string {
  return `<section id="references">
<h2>References</h2>
<p>The numbers in brackets, 1 to 7, are the source document's own references, as it numbers them. Its bibliography is not reproduced here: this service has not verified it.</p>
<p>The sources below are the ones this service verified itself, with what rests on each.</p>
<ul class="sources">
${VERIFIED_SOURCES.map(renderSource).join('\n')}
</ul>
</section>`;
}

export function approachPage({ versions, signOff, today }: ApproachPageInput): string {
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
<p class="lead">The clinical approach hamstring-cds follows, line by line. Each card the service returns links to the line it follows; under each line are the cards that follow it (in bold, those that link here). Numbers in brackets are the source document's own references (see <a href="#references">References</a>).</p>
</header>
${renderSignOff(signOff, versions.knowledge, today)}
${sections}
${renderReferences()}
<footer>hamstring-cds ${escapeHtml(versions.service)} · knowledge ${escapeHtml(versions.knowledge)}</footer>`;
  return page(`${APPROACH_TITLE} · hamstring-cds`, body);
}

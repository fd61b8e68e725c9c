/**
 * GET /preview: every fixture's cards as an EHR shows them, and a form that takes a hook request
 * and shows what the service answers. Clinicians review the knowledge here before a release; a
 * newcomer sees what the service does in a minute. The page is plain HTML and CSS: no script.
 */
import type { Card } from '../cards/types';
import type { CardMode, PilotArm } from '../feedback-loop/modes';
import { cardHtml } from './cards';
import { escapeHtml, page } from './html';

/** A card's go-live mode for the request's user: whether the EHR would see it. */
export interface CardModeView {
  mode: CardMode;
  pilotArm?: PilotArm;
  shown: boolean;
}

/** What the service answered: every card it issues, each with its mode, or the error it gives the EHR. */
export type PreviewAnswer = { status: 200; cards: Card[]; modes?: CardModeView[] } | { status: number; error: string; message: string; field?: string };

export interface FixtureRunPreview {
  service: string;
  answer: PreviewAnswer;
}

export interface FixturePreview {
  name: string;
  description: string;
  /** The moment the fixture is evaluated at. */
  now: string;
  runs: FixtureRunPreview[];
}

export interface PreviewForm {
  services: readonly string[];
  /** What was sent, to show it again beside its answer. */
  service?: string;
  request?: string;
}

export const PREVIEW_PATH = '/preview';

function modeLine(view: CardModeView): string {
  const arm = view.pilotArm ? `, ${view.pilotArm} arm` : '';
  return view.shown ? `Mode: ${view.mode}${arm}, shown to this user` : `Mode: ${view.mode}${arm}: recorded in the ledger, not shown to this user`;
}

/** The card with the mode it runs in; a silent one is marked so, since the EHR would not get it. */
function modedCardHtml(card: Card, view: CardModeView | undefined): string {
  if (view === undefined) return cardHtml(card);
  return `<div class="moded" data-mode="${view.mode}" data-shown="${view.shown}">
<p class="card-mode">${escapeHtml(modeLine(view))}</p>
${cardHtml(card)}
</div>`;
}

export function answerHtml(answer: PreviewAnswer): string {
  if ('cards' in answer) {
    if (answer.cards.length === 0) return '<p class="no-cards">No cards: <code>{"cards": []}</code></p>';
    return `<div class="cards-list">${answer.cards.map((card, i) => modedCardHtml(card, answer.modes?.[i])).join('\n')}</div>`;
  }
  const field = answer.field ? ` <span class="muted">(field <code>${escapeHtml(answer.field)}</code>)</span>` : '';
  return `<p class="answer-error">HTTP ${answer.status} <code>${escapeHtml(answer.error)}</code>: ${escapeHtml(answer.message)}${field}</p>`;
}

function cardCount(fixture: FixturePreview): string {
  const counts = fixture.runs.map((run) => ('cards' in run.answer ? `${run.answer.cards.length}` : `HTTP ${run.answer.status}`));
  return [...new Set(counts)].join(' / ');
}

function fixtureHtml(fixture: FixturePreview): string {
  const runs = fixture.runs.map(
    (run) => `<div class="run" data-service="${escapeHtml(run.service)}" data-status="${run.answer.status}">
<h3><code>${escapeHtml(run.service)}</code></h3>
${answerHtml(run.answer)}
</div>`,
  );
  return `<section class="fixture" id="fixture-${escapeHtml(fixture.name)}" data-fixture="${escapeHtml(fixture.name)}">
<h2>${escapeHtml(fixture.name)}</h2>
<p class="lead">${escapeHtml(fixture.description)}</p>
<p class="muted">Evaluated as of ${escapeHtml(fixture.now)}</p>
${runs.join('\n')}
</section>`;
}

function formHtml(form: PreviewForm): string {
  const options = form.services.map((id) => `<option value="${escapeHtml(id)}"${id === form.service ? ' selected' : ''}>${escapeHtml(id)}</option>`);
  return `<form class="try" method="post" action="${PREVIEW_PATH}">
<h2>Try a request</h2>
<p class="muted">Paste a CDS Hooks request with its prefetch; the service evaluates it now and shows its answer. Nothing is stored and no FHIR server is queried: <code>fhirServer</code> is ignored here.</p>
<label>Service <select name="service">${options.join('')}</select></label>
<label>Hook request (JSON)<textarea name="request" rows="12" spellcheck="false" required>${escapeHtml(form.request ?? '')}</textarea></label>
<button type="submit">Show the cards</button>
</form>`;
}

export interface PreviewPage {
  form: PreviewForm;
  /** The answer to the request the form sent. */
  result?: PreviewAnswer;
  /** Every fixture with its answers; undefined on the page that answers the form. */
  fixtures?: readonly FixturePreview[];
  versions: { service: string; knowledge: string };
}

export function previewPage(content: PreviewPage): string {
  const result = content.result ? `<section class="result"><h2>The service answers</h2>${answerHtml(content.result)}</section>` : '';
  let fixtures = `<p><a href="${PREVIEW_PATH}">Back to every fixture's cards</a></p>`;
  if (content.fixtures !== undefined) {
    const toc = content.fixtures.map(
      (f) => `<li><a href="#fixture-${escapeHtml(f.name)}">${escapeHtml(f.name)}</a> <span class="muted">${cardCount(f)}</span></li>`,
    );
    fixtures =
      content.fixtures.length === 0
        ? '<p>No fixtures: the <code>fixtures/</code> folder is not deployed with this instance.</p>'
        : `<h2>Fixtures</h2>
<p class="muted">Each clinical scenario of <code>fixtures/</code>, evaluated at its own moment with the service's configuration. The number beside each is how many cards it gets.</p>
<ul class="toc">${toc.join('')}</ul>
${content.fixtures.map(fixtureHtml).join('\n')}`;
  }
  const body = `<header>
<h1>Card preview</h1>
<p class="lead">The cards hamstring-cds returns, as an EHR shows them: indicator, summary, detail, suggestions and what they would order or remove, links, override reasons, and the line of the <a href="/approach">clinical approach</a> each card follows.</p>
</header>
${formHtml(content.form)}
${result}
${fixtures}
<footer>hamstring-cds ${escapeHtml(content.versions.service)} · knowledge ${escapeHtml(content.versions.knowledge)}</footer>`;
  return page('Card preview · hamstring-cds', body);
}

/**
 * A card as an EHR shows it, in HTML: the indicator's colour, the summary, the detail (markdown),
 * its suggestions and what each would create or delete, its links, the reasons a clinician may give
 * to dismiss it, and the approach lines it follows (linked to /approach). Every value is escaped.
 */
import type { Action, Card } from '../cards/types';
import { CARD_EXTENSION, type CardExtension } from '../cards/types';
import { APPROACH_PATH, approachLine } from '../knowledge/approach';
import { CPT, ICD10CM, LOINC, SNOMED } from '../knowledge/systems';
import { escapeHtml } from './html';
import { markdownHtml } from './markdown-html';

const SYSTEM_NAMES: ReadonlyMap<string, string> = new Map([
  [LOINC, 'LOINC'],
  [SNOMED, 'SNOMED CT'],
  [CPT, 'CPT'],
  [ICD10CM, 'ICD-10-CM'],
]);

const INDICATOR_LABEL: Readonly<Record<Card['indicator'], string>> = { info: 'Info', warning: 'Warning', critical: 'Critical' };

function codingText(coding: { system?: string; code?: string; display?: string }): string {
  const system = coding.system === undefined ? '' : (SYSTEM_NAMES.get(coding.system) ?? coding.system);
  const code = coding.code ?? '';
  return `${escapeHtml(coding.display ?? code)} <span class="code">${escapeHtml(`${system} ${code}`.trim())}</span>`;
}

function actionHtml(action: Action): string {
  if (action.type === 'delete')
    return `<li class="action delete">Delete <span class="code">${escapeHtml(action.resourceId ?? '(no resource named)')}</span></li>`;
  const resource = action.resource;
  const codes = (resource?.code?.coding ?? []).map(codingText).join('; ');
  const what = resource ? `${escapeHtml(resource.resourceType)}${resource.code?.text ? ` “${escapeHtml(resource.code.text)}”` : ''}` : 'a resource';
  const verb = action.type === 'create' ? 'Create' : 'Update';
  return `<li class="action ${action.type}">${verb} ${what}${codes ? `: ${codes}` : ''}</li>`;
}

function extensionOf(card: Card): CardExtension | undefined {
  const extension = card.extension?.[CARD_EXTENSION];
  return typeof extension === 'object' && extension !== null ? (extension as CardExtension) : undefined;
}

function followsHtml(lines: readonly string[]): string {
  if (lines.length === 0) return '';
  const items = lines.map((id) => {
    const line = approachLine(id);
    const text = line ? ` ${escapeHtml(line.text)}` : '';
    return `<li><a href="${APPROACH_PATH}#${encodeURIComponent(id)}">${escapeHtml(id)}</a>${text}</li>`;
  });
  return `<div class="follows"><h4>Follows the approach</h4><ul>${items.join('')}</ul></div>`;
}

export function cardHtml(card: Card): string {
  const extension = extensionOf(card);
  const finding = extension?.finding ?? '';
  const suggestions = (card.suggestions ?? []).map(
    (s) =>
      `<li class="suggestion"><span class="label">${escapeHtml(s.label)}</span>${s.isRecommended ? ' <span class="badge">recommended</span>' : ''}<ul>${s.actions.map(actionHtml).join('')}</ul></li>`,
  );
  const links = (card.links ?? []).map((l) => `<li><a href="${escapeHtml(l.url)}" rel="noopener noreferrer">${escapeHtml(l.label)}</a></li>`);
  const reasons = (card.overrideReasons ?? []).map((r) => `<li>${escapeHtml(r.display ?? r.code)}</li>`);
  const source = card.source.url ? `<a href="${escapeHtml(card.source.url)}">${escapeHtml(card.source.label)}</a>` : escapeHtml(card.source.label);
  return `<article class="card ${card.indicator}" data-finding="${escapeHtml(finding)}" data-indicator="${card.indicator}">
<p class="indicator">${INDICATOR_LABEL[card.indicator]}${finding ? ` · <span class="code">${escapeHtml(finding)}</span>` : ''}</p>
<h4 class="summary">${escapeHtml(card.summary)}</h4>
<div class="detail">${markdownHtml(card.detail)}</div>
${suggestions.length > 0 ? `<div class="suggestions"><h4>Suggestions${card.selectionBehavior ? ` <span class="muted">(${escapeHtml(card.selectionBehavior)})</span>` : ''}</h4><ul>${suggestions.join('')}</ul></div>` : ''}
${links.length > 0 ? `<div class="links"><h4>Links</h4><ul>${links.join('')}</ul></div>` : ''}
${reasons.length > 0 ? `<div class="overrides"><h4>Override reasons</h4><ul>${reasons.join('')}</ul></div>` : ''}
${followsHtml(extension?.lines ?? [])}
<p class="source">Source: ${source}</p>
</article>`;
}

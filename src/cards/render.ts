/**
 * Findings -> CDS Hooks cards: a card definition's content plus uuids, source (with the link to
 * the approach line it follows), suggestions, override reasons, and an extension naming the
 * finding, its approach lines and the versions that produced it.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { RuleSettings } from '../approach/context';
import type { FindingKind } from '../approach/findings';
import { CARD_TOPIC_SYSTEM, OVERRIDE_REASON_SYSTEM } from '../knowledge/systems';
import type { ApproachLineId } from '../knowledge/approach';
import type { Evidence } from '../facts/types';
import { TOPIC_DISPLAY, type CardDefinition, type SuggestionSpec } from './content';
import { INVISIBLE } from './markdown';
import { buildServiceRequest, type OrderContext } from './service-request';
import type { Action, Card, CardExtension, Coding, IssuedCard } from './types';
import { CARD_EXTENSION } from './types';

/** CDS Hooks: "summary ... SHOULD be < 140 characters". */
export const MAX_SUMMARY = 139;

export const SOURCE_LABEL = 'hamstring-cds: clinical approach to hamstring twitching';

const OVERRIDE_REASONS: readonly Coding[] = [
  { system: OVERRIDE_REASON_SYSTEM, code: 'already-addressed', display: 'Already addressed or ordered elsewhere' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'not-indicated', display: 'Not clinically indicated for this patient' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'patient-declined', display: 'Patient declined' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'data-incorrect', display: 'The recorded data behind this card is wrong' },
];

export interface RenderContext extends Omit<OrderContext, 'reasonReference'> {
  settings: RuleSettings;
  /** The absolute URL of the approach page ("https://cds.example.org/approach"); a card links to its line there. */
  approachUrl: string;
  serviceVersion: string;
  knowledgeVersion: string;
  newId?: () => string;
}

/**
 * A summary is plain text and may quote the EHR's own words (a body site's display): drop
 * control characters and those that open an HTML tag or markdown markup, then clip it.
 */
export function clipSummary(summary: string): string {
  const plain = summary
    .replace(INVISIBLE, ' ')
    .replace(/[<`*_[\]|~\\]/g, '')
    .replace(/\s+/g, ' ');
  return plain.length <= MAX_SUMMARY ? plain : `${plain.slice(0, MAX_SUMMARY - 1).trimEnd()}…`;
}

/** Every Evidence a finding carries (its records', results' and drafts'), each once. */
function evidenceOf(finding: object): Evidence[] {
  const found = new Map<string, Evidence>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 6 || typeof value !== 'object' || value === null || value instanceof Date) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const evidence = value as Partial<Evidence>;
    if (typeof evidence.reference === 'string' && typeof evidence.description === 'string') {
      const key = `${evidence.reference}|${evidence.value ?? ''}|${evidence.date?.toISOString() ?? ''}`;
      if (!found.has(key)) found.set(key, evidence as Evidence);
    }
    for (const child of Object.values(value)) visit(child, depth + 1);
  };
  visit(finding, 0);
  return [...found.values()];
}

/**
 * What a card rests on, as the EHR and the ledger need it: the resources by reference, and a
 * fingerprint of what they said (reference, value, date). A new or amended result, a new condition
 * among them changes the fingerprint: a card snoozed on the old evidence comes back.
 */
export function evidenceSummary(finding: object): { references: string[]; fingerprint: string } {
  const evidence = evidenceOf(finding);
  const lines = evidence.map((e) => `${e.reference}|${e.value ?? ''}|${e.date?.toISOString() ?? ''}`).sort();
  return {
    references: [...new Set(evidence.map((e) => e.reference))],
    fingerprint: createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 32),
  };
}

/** CDS Hooks §Action: create carries the whole resource; delete names the draft by its relative reference. */
function actionOf(spec: SuggestionSpec, orderCtx: OrderContext): Action {
  if ('removeDraft' in spec) return { type: 'delete', description: spec.label, resourceId: spec.removeDraft };
  return {
    type: 'create',
    description: spec.label,
    resource: buildServiceRequest(spec.order, orderCtx, { side: spec.side, priority: spec.priority, deficiency: spec.deficiency }),
  };
}

/**
 * One card. `keepSuggestion` lets the caller drop a suggestion another card of the same response
 * already makes.
 */
export function renderCard<F extends { kind: FindingKind }>(
  definition: CardDefinition<F>,
  finding: F,
  ctx: RenderContext,
  keepSuggestion: (spec: SuggestionSpec) => boolean = () => true,
): IssuedCard {
  const content = definition.render(finding, ctx.settings);
  const suggestions = (content.suggestions ?? []).filter(keepSuggestion);
  const lines: readonly ApproachLineId[] = content.lines ?? definition.lines;
  const newId = ctx.newId ?? randomUUID;
  const evidence = evidenceSummary(finding);
  const extension: CardExtension = {
    finding: finding.kind,
    lines: [...lines],
    ...(evidence.references.length > 0 ? { evidence: evidence.references } : {}),
    serviceVersion: ctx.serviceVersion,
    knowledgeVersion: ctx.knowledgeVersion,
  };
  const card: Card = {
    uuid: newId(),
    summary: clipSummary(content.summary),
    detail: content.detail,
    indicator: content.indicator,
    source: {
      label: SOURCE_LABEL,
      url: `${ctx.approachUrl}#${lines[0]}`,
      topic: { system: CARD_TOPIC_SYSTEM, code: content.topic, display: TOPIC_DISPLAY[content.topic] },
    },
    overrideReasons: [...(content.overrideReasons ?? []).map((r) => ({ system: OVERRIDE_REASON_SYSTEM, ...r })), ...OVERRIDE_REASONS],
    extension: { [CARD_EXTENSION]: extension },
  };
  if (suggestions.length > 0) {
    const orderCtx: OrderContext = { ...ctx, reasonReference: content.reasonReference };
    card.suggestions = suggestions.map((s) => ({
      label: s.label,
      uuid: newId(),
      ...(s.recommended ? { isRecommended: true } : {}),
      actions: [actionOf(s, orderCtx)],
    }));
    card.selectionBehavior = card.suggestions.length > 1 ? 'any' : 'at-most-one';
  }
  if (content.links && content.links.length > 0) card.links = content.links;
  return {
    card,
    findingKind: finding.kind,
    findingKey: definition.key?.(finding) ?? finding.kind,
    lines,
    fingerprint: evidence.fingerprint,
    flags: [...new Set(definition.flags?.(finding) ?? [])].sort(),
  };
}

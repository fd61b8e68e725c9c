/** Checks a card against CDS Hooks 2.0 §Card Attributes, failing with the card's summary in the message. */
import assert from 'node:assert/strict';
import { CARD_EXTENSION, type Card } from '../../src/cards/types';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** JSON §Use of JSON: optional fields without a value are omitted, never null, "", [] or {}. */
export function emptyValuePaths(value: unknown, path = '$'): string[] {
  if (value === null || value === '') return [path];
  if (Array.isArray(value)) {
    return value.length === 0 ? [path] : value.flatMap((v, i) => emptyValuePaths(v, `${path}[${i}]`));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? [path] : entries.flatMap(([k, v]) => emptyValuePaths(v, `${path}.${k}`));
  }
  return [];
}

export function assertConformingCard(card: Card): void {
  const who = `card "${card.summary}"`;
  assert.match(card.uuid, UUID, `${who}: uuid`);
  assert.equal(typeof card.summary, 'string', `${who}: summary`);
  assert.ok(card.summary.length > 0 && card.summary.length < 140, `${who}: summary is ${card.summary.length} characters`);
  assert.ok(['info', 'warning', 'critical'].includes(card.indicator), `${who}: indicator ${card.indicator}`);
  assert.equal(typeof card.source?.label, 'string', `${who}: source.label`);
  assert.ok(card.source.label.length > 0, `${who}: source.label is empty`);
  assert.ok(Array.isArray(card.overrideReasons) && card.overrideReasons.length > 0, `${who}: overrideReasons`);
  for (const reason of card.overrideReasons) {
    assert.ok(reason.system && reason.code && reason.display, `${who}: override reason ${JSON.stringify(reason)} lacks system, code or display`);
  }
  if (card.suggestions) {
    assert.ok(['at-most-one', 'any'].includes(card.selectionBehavior ?? ''), `${who}: selectionBehavior is required with suggestions`);
    for (const suggestion of card.suggestions) {
      assert.ok(suggestion.label, `${who}: suggestion label`);
      assert.match(suggestion.uuid, UUID, `${who}: suggestion uuid`);
      assert.ok(suggestion.actions.length > 0, `${who}: suggestion "${suggestion.label}" has no actions`);
      for (const action of suggestion.actions) {
        assert.ok(['create', 'update', 'delete'].includes(action.type), `${who}: action type ${action.type}`);
        assert.ok(typeof action.description === 'string' && action.description.length > 0, `${who}: action description`);
        if (action.type === 'create') assert.equal(action.resource?.resourceType, 'ServiceRequest', `${who}: create needs a resource`);
      }
    }
  } else {
    assert.equal(card.selectionBehavior, undefined, `${who}: selectionBehavior without suggestions`);
  }
  for (const link of card.links ?? []) {
    assert.ok(link.label && /^https:\/\//.test(link.url) && ['absolute', 'smart'].includes(link.type), `${who}: link ${JSON.stringify(link)}`);
  }
  assert.deepEqual(emptyValuePaths(card), [], `${who}: empty values must be omitted`);
}

/**
 * A deep copy without `uuid` fields and with the service's own origin cut from its links: two
 * answers for the same data differ only there (each test request reaches the app on a new port).
 */
export function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value === 'string') return value.replace(/^http:\/\/127\.0\.0\.1:\d+\//, '/');
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'uuid')
      .map(([key, v]) => [key, comparable(v)]),
  );
}

/** The resources a card says it rests on (its extension's evidence references). */
export function evidenceOf(card: Card): string[] {
  const extension = card.extension?.[CARD_EXTENSION] as { evidence?: string[] } | undefined;
  return extension?.evidence ?? [];
}

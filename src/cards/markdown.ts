/**
 * Markdown for card details. Text that came from the EHR is escaped: clients render details as
 * GitHub-flavoured markdown and some (the CDS Hooks Sandbox) also render raw HTML, so a display
 * string must never become a link, an image or a tag.
 */
import { formatDate } from '../fhir/dates';
import { refsOf, type ApproachLineId } from '../knowledge/approach';
import type { Evidence } from '../facts/types';

const MAX_TEXT = 200;

/**
 * Characters that can hide or disguise what a clinician reads: control characters (NUL...) and
 * the invisible marks that reorder text (bidirectional overrides such as U+202E, isolates,
 * zero-width joiners). Text from the EHR never brings them into a card.
 */
export const INVISIBLE = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

export function escapeText(text: string): string {
  const visible = text.replace(/[\r\n\t]+/g, ' ').replace(INVISIBLE, '');
  const clipped = visible.length > MAX_TEXT ? `${visible.slice(0, MAX_TEXT)}…` : visible;
  // Only the characters that start markup inside a line: each line we write begins with "- ".
  return clipped.replace(/[\\`*_[\]<>&|~]/g, (ch) => `\\${ch}`);
}

/** One line a clinician can check: what, value and unit, date. The resource itself is named in the card's extension, not in prose. */
export function evidenceLine(evidence: Evidence): string {
  const what = escapeText(evidence.description);
  const value = evidence.value ? `: ${escapeText(evidence.value)}` : '';
  const date = evidence.date ? `, ${formatDate(evidence.date)}` : '';
  return `- ${what}${value}${date}`;
}

export function evidenceList(evidence: readonly Evidence[]): string {
  const seen = new Set<string>();
  return evidence
    .map(evidenceLine)
    .filter((line) => (seen.has(line) ? false : (seen.add(line), true)))
    .join('\n');
}

export function section(title: string, body: string): string {
  return `**${title}**\n\n${body}`;
}

export function refs(numbers: readonly number[]): string {
  return `[${numbers.join(', ')}]`;
}

/** The references of the approach lines a sentence follows, "[7, 2]": numbers are read from the lines, never typed. */
export function cite(...lines: [ApproachLineId, ...ApproachLineId[]]): string {
  return refs(refsOf(lines));
}

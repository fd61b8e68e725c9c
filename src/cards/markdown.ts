/**
 * Markdown for card details. Text that came from the EHR is escaped: clients render details as
 * GitHub-flavoured markdown and some (the CDS Hooks Sandbox) also render raw HTML, so a display
 * string must never become a link, an image or a tag.
 */
import { formatDate } from '../fhir/dates';
import type { Evidence } from '../facts/types';

const MAX_TEXT = 200;

export function escapeText(text: string): string {
  const clipped = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  // Only the characters that start markup inside a line: each line we write begins with "- ".
  return clipped.replace(/[\r\n\t]+/g, ' ').replace(/[\\`*_[\]<>&|~]/g, (ch) => `\\${ch}`);
}

/** One line a clinician can check: what, value, date, and the resource to open. */
export function evidenceLine(evidence: Evidence): string {
  const parts = [escapeText(evidence.description)];
  if (evidence.value) parts.push(escapeText(evidence.value));
  if (evidence.date) parts.push(`on ${formatDate(evidence.date)}`);
  return `- ${parts.join(', ')} (${escapeText(evidence.reference)})`;
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

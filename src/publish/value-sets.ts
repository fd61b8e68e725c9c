/**
 * One FHIR R4 ValueSet per concept the service reads, derived from the same table the rules ask
 * (codes.ts) plus the site's own codes (TERMINOLOGY_FILE), so a terminology team can load exactly
 * what the service matches. An ICD-10-CM family matched by prefix is an `is-a` filter in the
 * compose, and its head code is listed in the expansion: the codes under it are the code system's
 * to enumerate, not ours.
 */
import type { ValueSet, ValueSetComposeInclude, ValueSetExpansionContains } from 'fhir/r4';
import { CODE_SOURCES } from '../knowledge/code-sources';
import { CONCEPTS, type CodeEntry, type ConceptCodes, type ConceptId, type PrefixEntry } from '../knowledge/codes';
import { KNOWLEDGE_VERSION } from '../knowledge/version';
import { PUBLISHER, canonical, computableName, type Published } from './canonical';

interface ConceptTerms {
  readonly id: ConceptId;
  readonly label: string;
  readonly codes: readonly CodeEntry[];
  readonly prefixes: readonly PrefixEntry[];
  readonly siteCodes: readonly CodeEntry[];
  readonly sitePrefixes: readonly PrefixEntry[];
}

/** Every concept with its built-in codes and the site's, in the order of codes.ts. */
export function conceptTerms(site: readonly ConceptCodes[]): ConceptTerms[] {
  return CONCEPTS.map((concept) => {
    const added = site.filter((s) => s.id === concept.id);
    return {
      id: concept.id,
      label: concept.label,
      codes: concept.codes,
      prefixes: concept.prefixes ?? [],
      siteCodes: added.flatMap((s) => s.codes),
      sitePrefixes: added.flatMap((s) => s.prefixes ?? []),
    };
  });
}

/** Includes grouped by system, in first-seen order: codes listed, families as `is-a` filters. */
function compose(codes: readonly CodeEntry[], prefixes: readonly PrefixEntry[]): ValueSetComposeInclude[] {
  const bySystem = new Map<string, CodeEntry[]>();
  for (const code of codes) bySystem.set(code.system, [...(bySystem.get(code.system) ?? []), code]);
  const listed: ValueSetComposeInclude[] = [...bySystem].map(([system, entries]) => ({
    system,
    concept: entries.map(({ code, display }) => ({ code, display })),
  }));
  const families: ValueSetComposeInclude[] = prefixes.map((p) => ({ system: p.system, filter: [{ property: 'concept', op: 'is-a', value: p.prefix }] }));
  return [...listed, ...families];
}

function contains(codes: readonly CodeEntry[], prefixes: readonly PrefixEntry[]): ValueSetExpansionContains[] {
  return [
    ...codes.map(({ system, code, display }) => ({ system, code, display })),
    ...prefixes.map(({ system, prefix, display }) => ({ system, code: prefix, display })),
  ];
}

function description(terms: ConceptTerms): string {
  const parts = [`The codes the service reads as "${terms.label}".`, `Source: ${CODE_SOURCES[terms.id]}`];
  const families = [...terms.prefixes, ...terms.sitePrefixes];
  if (families.length > 0) {
    parts.push(
      `ICD-10-CM families (${families.map((p) => `${p.prefix}-`).join(', ')}) are matched by prefix: the compose gives each as an is-a filter, and the expansion lists its head code only; every code that begins with it counts.`,
    );
  }
  const added = [
    ...terms.siteCodes.map((c) => `${c.system}|${c.code} (${c.display})`),
    ...terms.sitePrefixes.map((p) => `${p.system}|${p.prefix}- (${p.display})`),
  ];
  if (added.length > 0) parts.push(`Added by this site's terminology file, not by the service's own review: ${added.join('; ')}.`);
  return parts.join('\n\n');
}

export function valueSet(terms: ConceptTerms, published: Published): ValueSet {
  const codes = [...terms.codes, ...terms.siteCodes];
  const prefixes = [...terms.prefixes, ...terms.sitePrefixes];
  const expansion = contains(codes, prefixes);
  return {
    resourceType: 'ValueSet',
    id: terms.id,
    url: canonical(published.base, 'ValueSet', terms.id),
    version: KNOWLEDGE_VERSION,
    name: computableName(terms.id),
    title: terms.label,
    status: 'active',
    experimental: false,
    publisher: PUBLISHER,
    description: description(terms),
    compose: { include: compose(codes, prefixes) },
    expansion: { timestamp: published.timestamp, total: expansion.length, contains: expansion },
  };
}

export function valueSets(site: readonly ConceptCodes[], published: Published): ValueSet[] {
  return conceptTerms(site).map((terms) => valueSet(terms, published));
}

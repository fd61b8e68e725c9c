/**
 * A site's own codes (TERMINOLOGY_FILE): local problem-list codes, codes of a national SNOMED CT
 * edition, ICD-10-CM families, each given to one of our concepts, merged over the built-in value
 * sets at start-up, with no code change. The file only adds codes the service does not recognise:
 * a code the built-ins already read is refused, so a site can never re-label or re-map what the
 * clinical approach was checked against. Every problem is listed at once, naming its entry.
 *
 * {
 *   "concepts": { "twitching": [{ "system": "http://snomed.info/sct", "code": "…", "display": "…" }] },
 *   "icd10cmPrefixes": { "muscleCramp": [{ "prefix": "M62.83", "display": "Muscle spasm" }] }
 * }
 */
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { readJsonFile } from '../json-file';
import {
  BUILT_IN_INDEX,
  CONCEPTS,
  MAX_CODE_LENGTH,
  buildCodeIndex,
  conceptsIn,
  installCodeIndex,
  normaliseCode,
  type CodeEntry,
  type CodeIndex,
  type ConceptCodes,
  type ConceptId,
  type PrefixEntry,
} from './codes';
import { ICD10CM } from './systems';

interface SiteCoding {
  system: string;
  code: string;
  display: string;
}

interface SitePrefix {
  prefix: string;
  display: string;
}

interface SiteTerminologyFile {
  concepts?: Partial<Record<ConceptId, SiteCoding[]>>;
  icd10cmPrefixes?: Partial<Record<ConceptId, SitePrefix[]>>;
}

export class SiteTerminologyError extends Error {
  constructor(file: string, problems: string[]) {
    super(`${file} is not a valid terminology file (TERMINOLOGY_FILE):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SiteTerminologyError';
  }
}

const CONCEPT_IDS = CONCEPTS.map((concept) => concept.id);

const DISPLAY = { type: 'string', minLength: 1, maxLength: 200, description: 'display must be the text cards print for the code (1-200 characters)' };

const CODING_SCHEMA = {
  type: 'object',
  required: ['system', 'code', 'display'],
  additionalProperties: false,
  description: 'must be a coding: an object with system, code and display',
  properties: {
    system: { type: 'string', format: 'uri', maxLength: 2048, description: 'system must be an absolute URI, such as "http://snomed.info/sct"' },
    // A FHIR code: no leading, trailing or doubled spaces. Longer codes are never looked up (codes.ts).
    code: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_CODE_LENGTH,
      pattern: '^[^\\s]+( [^\\s]+)*$',
      description: `code must be 1-${MAX_CODE_LENGTH} characters without leading, trailing or doubled spaces`,
    },
    display: DISPLAY,
  },
};

const PREFIX_SCHEMA = {
  type: 'object',
  required: ['prefix', 'display'],
  additionalProperties: false,
  description: 'must be an object with prefix and display',
  properties: {
    // At least a category (letter, two characters): a shorter prefix would take in whole chapters.
    prefix: {
      type: 'string',
      pattern: '^[A-Za-z][0-9][0-9A-Za-z](\\.?[0-9A-Za-z]{1,4})?$',
      description: 'prefix must be an ICD-10-CM category or subcategory, such as "S76.3"',
    },
    display: DISPLAY,
  },
};

const byConcept = (item: object, what: string) => ({
  type: 'object',
  additionalProperties: false,
  description: `must be an object whose keys are concept ids and whose values are lists of ${what}`,
  properties: Object.fromEntries(
    CONCEPT_IDS.map((id) => [id, { type: 'array', minItems: 1, items: item, description: `must be a non-empty list of ${what}` }]),
  ),
});

const schema = {
  type: 'object',
  additionalProperties: false,
  description: 'the file must be an object with "concepts" and/or "icd10cmPrefixes"',
  properties: { concepts: byConcept(CODING_SCHEMA, 'codings'), icd10cmPrefixes: byConcept(PREFIX_SCHEMA, 'prefixes') },
};

// verbose: errors carry their parentSchema, whose description is the problem we print.
const ajv = new Ajv({ allErrors: true, verbose: true });
addFormats(ajv, ['uri']);
const validateFile = ajv.compile<SiteTerminologyFile>(schema);

/**
 * The entry an error is in, named so the operator finds it: "/concepts/twitching/0/system" ->
 * `concepts.twitching[0] (code "X")`; "/concepts" -> `concepts`; "" -> `(the file)`.
 */
function entryOf(instancePath: string, document: unknown): string {
  const [section, concept, index] = instancePath
    .split('/')
    .slice(1, 4)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~').slice(0, 60));
  if (section === undefined) return '(the file)';
  if (concept === undefined) return section;
  if (index === undefined) return `${section}.${concept}`;
  const entry = `${section}.${concept}[${index}]`;
  const item: unknown = (document as Record<string, Record<string, unknown[]> | undefined>)[section]?.[concept]?.[Number(index)];
  const { code, prefix } = typeof item === 'object' && item !== null ? (item as { code?: unknown; prefix?: unknown }) : {};
  if (typeof code === 'string') return `${entry} (code "${code.slice(0, 64)}")`;
  if (typeof prefix === 'string') return `${entry} (prefix "${prefix.slice(0, 16)}")`;
  return entry;
}

function schemaProblem(error: ErrorObject, document: unknown): string {
  const where = entryOf(error.instancePath, document);
  const params = error.params as Record<string, unknown>;
  const hint = (error.parentSchema as { description?: string } | undefined)?.description;
  switch (error.keyword) {
    case 'required':
      return `${where}: ${String(params.missingProperty)} is required`;
    case 'additionalProperties': {
      const name = String(params.additionalProperty).slice(0, 60);
      if (/^\/(concepts|icd10cmPrefixes)$/.test(error.instancePath)) {
        return `${where}: "${name}" is not a concept this service knows (known: ${CONCEPT_IDS.join(', ')})`;
      }
      return `${where}: unknown field "${name}"${error.instancePath === '' ? '; the file holds "concepts" and "icd10cmPrefixes"' : ''}`;
    }
    default:
      return `${where}: ${hint ?? error.message ?? 'is invalid'}`;
  }
}

/** Built-in ICD-10-CM codes and families ("S76.3-") a site prefix would take in. */
function builtInCodesUnder(prefix: string): string[] {
  const under = (code: string) => normaliseCode(ICD10CM, code).startsWith(prefix);
  return CONCEPTS.flatMap((concept) => [
    ...concept.codes.filter((c) => c.system === ICD10CM && under(c.code)).map((c) => c.code),
    ...(concept.prefixes ?? []).filter((p) => p.system === ICD10CM && under(p.prefix)).map((p) => `${p.prefix}-`),
  ]);
}

/** Codes the file repeats, or that the built-in value sets already read. */
function overlapProblems(file: SiteTerminologyFile): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const check = (entry: string, concept: ConceptId, system: string, code: string, kind: 'code' | 'prefix') => {
    const key = `${concept}|${kind}|${system}|${normaliseCode(system, code)}`;
    const where = `${entry} (${kind} "${code}")`;
    const earlier = seen.get(key);
    if (earlier) problems.push(`${where}: repeats ${earlier}`);
    else seen.set(key, entry);
    const builtIn = conceptsIn(BUILT_IN_INDEX, system, code);
    if (builtIn.length > 0) {
      problems.push(`${where}: the built-in value sets already read it as ${builtIn.join(' and ')}; the file only adds codes the service does not know`);
    } else if (kind === 'prefix') {
      const taken = builtInCodesUnder(normaliseCode(ICD10CM, code));
      if (taken.length > 0) {
        problems.push(
          `${where}: takes in codes the built-in value sets already read (${taken.slice(0, 5).join(', ')}); give a longer prefix or the codes themselves`,
        );
      }
    }
  };
  for (const [concept, codings] of Object.entries(file.concepts ?? {}) as [ConceptId, SiteCoding[]][]) {
    codings.forEach((c, i) => check(`concepts.${concept}[${i}]`, concept, c.system, c.code, 'code'));
  }
  for (const [concept, prefixes] of Object.entries(file.icd10cmPrefixes ?? {}) as [ConceptId, SitePrefix[]][]) {
    prefixes.forEach((p, i) => check(`icd10cmPrefixes.${concept}[${i}]`, concept, ICD10CM, p.prefix, 'prefix'));
  }
  return problems;
}

/** The file's codes, concept by concept, ready to merge with the built-in table; or every problem in it. */
export function parseSiteTerminology(document: unknown, file: string): ConceptCodes[] {
  if (!validateFile(document)) {
    throw new SiteTerminologyError(
      file,
      (validateFile.errors ?? []).map((e) => schemaProblem(e, document)),
    );
  }
  const concepts = new Map<ConceptId, { codes: CodeEntry[]; prefixes: PrefixEntry[] }>();
  const of = (id: ConceptId) => concepts.get(id) ?? concepts.set(id, { codes: [], prefixes: [] }).get(id)!;
  for (const [id, codings] of Object.entries(document.concepts ?? {}) as [ConceptId, SiteCoding[]][]) {
    of(id).codes.push(...codings.map(({ system, code, display }) => ({ system, code, display })));
  }
  for (const [id, prefixes] of Object.entries(document.icd10cmPrefixes ?? {}) as [ConceptId, SitePrefix[]][]) {
    of(id).prefixes.push(...prefixes.map(({ prefix, display }) => ({ system: ICD10CM, prefix, display })));
  }
  const problems = overlapProblems(document);
  if (concepts.size === 0) problems.push('lists no codes; to use the built-in value sets alone, leave TERMINOLOGY_FILE unset');
  if (problems.length > 0) throw new SiteTerminologyError(file, problems);
  return [...concepts].map(([id, { codes, prefixes }]) => ({ id, codes, prefixes }));
}

export function loadSiteTerminology(file: string): ConceptCodes[] {
  const read = readJsonFile(file);
  if (!read.ok) throw new SiteTerminologyError(file, [read.problem]);
  return parseSiteTerminology(read.document, file);
}

/** Every look-up from now on reads the built-in value sets plus `site`; returns the index it replaced. */
export function installSiteTerminology(site: readonly ConceptCodes[]): CodeIndex {
  return installCodeIndex(buildCodeIndex([...CONCEPTS, ...site]));
}

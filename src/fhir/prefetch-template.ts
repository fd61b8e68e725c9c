/**
 * Prefetch templates -> FHIR queries (CDS Hooks §Prefetch tokens). A token is `{{context.<field>}}`
 * for a root-level primitive context field, or one of the four user tokens derived from
 * `context.userId` ("Practitioner/123" gives userPractitionerId 123). A template whose token has no
 * value (encounterId absent, userId of another type) cannot be filled: its key cannot be fetched.
 */

export type FhirQuery = { kind: 'read'; resourceType: string; id: string; path: string } | { kind: 'search'; resourceType: string; path: string };

export type FilledTemplate = { ok: true; query: FhirQuery } | { ok: false; reason: string };

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

const USER_TOKENS: Readonly<Record<string, string>> = {
  userPractitionerId: 'Practitioner',
  userPractitionerRoleId: 'PractitionerRole',
  userPatientId: 'Patient',
  userRelatedPersonId: 'RelatedPerson',
};

const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A token's value, or undefined when the context does not give one. */
function tokenValue(token: string, context: Readonly<Record<string, unknown>>): string | undefined {
  if (token.startsWith('context.')) {
    const value = context[token.slice('context.'.length)];
    // Arrays and objects (selections, draftOrders) are not tokens in CDS Hooks 2.0.
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
  }
  const type = USER_TOKENS[token];
  if (type === undefined || typeof context.userId !== 'string') return undefined;
  const [userType, userIdPart, ...rest] = context.userId.split('/');
  return userType === type && userIdPart && rest.length === 0 ? userIdPart : undefined;
}

/** Percent-encodes a value, keeping the slash of a "Type/id" reference so `{{context.userId}}` reads a resource. */
function encodeValue(value: string): string {
  return value.split('/').map(encodeURIComponent).join('/');
}

/** A read names one resource by a FHIR id; "." and ".." would climb out of the FHIR base once resolved. */
function isSafeId(id: string): boolean {
  return FHIR_ID.test(id) && !/^\.+$/.test(id);
}

/** Classifies a filled relative URL as an instance read or a type-level search. */
function toQuery(path: string): FilledTemplate {
  const questionMark = path.indexOf('?');
  const route = questionMark === -1 ? path : path.slice(0, questionMark);
  const segments = route.split('/');
  if (!RESOURCE_TYPE.test(segments[0])) return { ok: false, reason: 'the template does not start with a resource type' };
  if (segments.length === 1) return { ok: true, query: { kind: 'search', resourceType: segments[0], path } };
  if (segments.length === 2 && questionMark === -1 && isSafeId(segments[1])) {
    return { ok: true, query: { kind: 'read', resourceType: segments[0], id: segments[1], path } };
  }
  return { ok: false, reason: 'the template is neither an instance read nor a type-level search' };
}

/** The query a template asks for, with every token replaced, or why it cannot be filled. */
export function fillTemplate(template: string, context: Readonly<Record<string, unknown>>): FilledTemplate {
  const unfilled: string[] = [];
  const path = template.trim().replace(TOKEN, (_match, token: string) => {
    const value = tokenValue(token, context);
    if (value === undefined) {
      unfilled.push(token);
      return '';
    }
    return encodeValue(value);
  });
  if (unfilled.length > 0) {
    return { ok: false, reason: `the request gives no value for ${unfilled.map((t) => `{{${t}}}`).join(', ')}` };
  }
  if (path.includes('{{') || path.includes('}}')) return { ok: false, reason: 'the template has a malformed token' };
  return toQuery(path);
}

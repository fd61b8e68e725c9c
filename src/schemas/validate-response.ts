/** A checker for CDS Hooks responses (cds-response.ts), compiled once: used by the fixture runner and tests. */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { cdsResponseSchema } from './cds-response';

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats(ajv, ['uuid', 'uri']);
const validate = ajv.compile(cdsResponseSchema);

/** Each way the body breaks the response schema, as "/cards/0/summary must NOT have more than 139 characters". */
export function responseProblems(body: unknown): string[] {
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`);
}

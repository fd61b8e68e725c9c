/**
 * Request validation with ajv: a body that breaks the CDS Hooks request schema gets a 400 whose
 * message names the field and what is wrong with it.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { HOOKS, hookRequestSchema, type HookName, type HookRequest } from '../schemas/hook-request';
import { HttpError } from '../errors';

// verbose: errors carry their parentSchema, whose description is the hint we print.
const ajv = new Ajv({ allErrors: false, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats(ajv, ['uuid', 'uri']);

/** The schema objects requests are validated with; the OpenAPI document shows these same objects. */
export const HOOK_REQUEST_SCHEMAS: Readonly<Record<HookName, object>> = Object.fromEntries(HOOKS.map((hook) => [hook, hookRequestSchema(hook)])) as Record<
  HookName,
  object
>;

/** Compiled once, at start-up. */
const VALIDATORS: Record<HookName, ValidateFunction> = Object.fromEntries(HOOKS.map((hook) => [hook, ajv.compile(HOOK_REQUEST_SCHEMAS[hook])])) as Record<
  HookName,
  ValidateFunction
>;

/** "/context/patientId" -> "context.patientId"; array items as "[0]". */
function fieldName(instancePath: string, child?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  return parts
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`))
    .join('')
    .slice(0, 200);
}

export function describe(error: ErrorObject): { field: string; message: string } {
  const params = error.params as Record<string, unknown>;
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  const hint = withField(fieldName(error.instancePath) || 'request body', description);
  switch (error.keyword) {
    case 'required': {
      const field = fieldName(error.instancePath, String(params.missingProperty));
      return { field, message: `${field} is required` };
    }
    case 'dependencies': {
      const field = fieldName(error.instancePath, String(params.missingProperty));
      return { field, message: `${field} is required when ${fieldName(error.instancePath, String(params.property))} is present` };
    }
    case 'type': {
      const field = fieldName(error.instancePath) || 'request body';
      return { field, message: hint ?? `${field} must be ${String(params.type).replace(',', ' or ')}` };
    }
    default: {
      const field = fieldName(error.instancePath) || 'request body';
      return { field, message: hint ?? `${field} ${error.message ?? 'is invalid'}` };
    }
  }
}

/** A hint that starts with "must" says what the field itself must be: the message names the field first. */
function withField(field: string, hint: string | undefined): string | undefined {
  return hint?.startsWith('must ') ? `${field} ${hint}` : hint;
}

/** The body as a HookRequest for `hook`, or a 400 that says what is wrong. */
export function validateHookRequest(body: unknown, hook: HookName, serviceId: string): HookRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_request', 'Request body must be a JSON object');
  }
  const sent = (body as { hook?: unknown }).hook;
  if (sent === undefined) throw new HttpError(400, 'invalid_request', 'hook is required', 'hook');
  if (typeof sent !== 'string') throw new HttpError(400, 'invalid_request', 'hook must be a string', 'hook');
  if (sent !== hook) {
    const known = (HOOKS as readonly string[]).includes(sent);
    throw new HttpError(
      400,
      'invalid_request',
      known
        ? `Service ${serviceId} answers the ${hook} hook, not ${sent}`
        : `hook "${sent.slice(0, 60).replace(/[^\w.-]/g, '?')}" is not a hook this service knows; ${serviceId} answers ${hook}`,
      'hook',
    );
  }
  const validate = VALIDATORS[hook];
  if (!validate(body)) {
    const { field, message } = describe(validate.errors![0]);
    throw new HttpError(400, 'invalid_request', message, field);
  }
  return body as HookRequest;
}

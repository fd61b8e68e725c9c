/**
 * FHIR resources as they arrive from outside: loosely typed until a FHIRPath expression or a
 * guarded read has looked at them. A "resource" here is any object with a string resourceType.
 */
export interface AnyResource {
  resourceType: string;
  id?: unknown;
  [key: string]: unknown;
}

export function isResource(value: unknown): value is AnyResource {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { resourceType?: unknown }).resourceType === 'string'
  );
}

/** "Condition/abc", or the type alone when the sender gave no usable id. */
export function referenceTo(resource: AnyResource): string {
  return typeof resource.id === 'string' && resource.id.length <= 64 ? `${resource.resourceType}/${resource.id}` : resource.resourceType;
}

/** A resource and the reference a clinician can look it up by ("DiagnosticReport/r1#k" when contained). */
export interface PooledResource {
  resource: AnyResource;
  reference: string;
}

/** Bundles nest at most this deep before we stop reading: a hostile body cannot make us recurse far. */
const MAX_BUNDLE_DEPTH = 3;

/**
 * The resources inside one prefetch value: a searchset Bundle's entries, a single resource, or
 * nothing for `null`. OperationOutcomes are reports about the fetch, not patient data, so they
 * are never returned. Contained resources (a DiagnosticReport's Observations) are returned too.
 */
export function resourcesIn(value: unknown, depth = 0): PooledResource[] {
  if (!isResource(value) || depth > MAX_BUNDLE_DEPTH) return [];
  if (value.resourceType === 'OperationOutcome') return [];
  if (value.resourceType === 'Bundle') {
    const entries = Array.isArray(value.entry) ? value.entry : [];
    const found: PooledResource[] = [];
    for (const entry of entries) {
      if (typeof entry === 'object' && entry !== null) {
        for (const r of resourcesIn((entry as { resource?: unknown }).resource, depth + 1)) found.push(r);
      }
    }
    return found;
  }
  const reference = referenceTo(value);
  const pooled: PooledResource[] = [{ resource: value, reference }];
  if (Array.isArray(value.contained)) {
    for (const inner of value.contained) {
      if (isResource(inner) && typeof inner.id === 'string') {
        pooled.push({ resource: inner, reference: `${reference}#${inner.id.slice(0, 64)}` });
      }
    }
  }
  return pooled;
}

/** True when a prefetch value reports a failed query (CDS Hooks: it then counts as absent). */
export function isOperationOutcome(value: unknown): boolean {
  return isResource(value) && value.resourceType === 'OperationOutcome';
}

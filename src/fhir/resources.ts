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

/** A resource from the request, and the resource that contains it when it is a contained one. */
export interface PooledResource {
  resource: AnyResource;
  container?: AnyResource;
}

/** The reference a clinician can look the resource up by ("DiagnosticReport/r1#k" when contained). */
export function referenceOf(pooled: PooledResource): string {
  if (!pooled.container) return referenceTo(pooled.resource);
  return `${referenceTo(pooled.container)}#${String(pooled.resource.id).slice(0, 64)}`;
}

/** Bundles nest at most this deep before we stop reading: a hostile body cannot make us recurse far. */
const MAX_BUNDLE_DEPTH = 3;

/**
 * Adds the resources inside one prefetch value to `into`: a searchset Bundle's entries, a single
 * resource, or nothing for `null`. OperationOutcomes are reports about the fetch, not patient
 * data, so they are never added. Contained resources (a DiagnosticReport's Observations) are.
 */
export function collectResources(value: unknown, into: PooledResource[], depth = 0): void {
  if (!isResource(value) || depth > MAX_BUNDLE_DEPTH) return;
  if (value.resourceType === 'OperationOutcome') return;
  if (value.resourceType === 'Bundle') {
    if (!Array.isArray(value.entry)) return;
    for (const entry of value.entry) {
      if (typeof entry === 'object' && entry !== null) collectResources((entry as { resource?: unknown }).resource, into, depth + 1);
    }
    return;
  }
  into.push({ resource: value });
  if (Array.isArray(value.contained)) {
    for (const inner of value.contained) {
      if (isResource(inner) && typeof inner.id === 'string') into.push({ resource: inner, container: value });
    }
  }
}

/** meta.versionId, then meta.lastUpdated: how two copies of one resource tell which is newer. */
function versionOf(resource: AnyResource): [number, string] {
  const meta = typeof resource.meta === 'object' && resource.meta !== null ? (resource.meta as Record<string, unknown>) : {};
  const version = Number(meta.versionId);
  return [Number.isFinite(version) ? version : -1, typeof meta.lastUpdated === 'string' ? meta.lastUpdated : ''];
}

function isNewer(a: AnyResource, b: AnyResource): boolean {
  const [va, ta] = versionOf(a);
  const [vb, tb] = versionOf(b);
  return va !== vb ? va > vb : ta > tb;
}

/**
 * One item per resource: a resource may answer two prefetch queries, and a result may arrive in
 * two versions (preliminary, then amended), of which only the newest counts. Items without an id
 * are all kept.
 */
export function keepNewestVersions<T extends { reference: string; pooled: PooledResource }>(items: readonly T[]): T[] {
  const byReference = new Map<string, number>();
  const kept: T[] = [];
  for (const item of items) {
    if (!item.reference.includes('/')) {
      kept.push(item);
      continue;
    }
    const index = byReference.get(item.reference);
    if (index === undefined) {
      byReference.set(item.reference, kept.length);
      kept.push(item);
    } else if (isNewer(item.pooled.resource, kept[index].pooled.resource)) {
      kept[index] = item;
    }
  }
  return kept;
}

/** True when a prefetch value reports a failed query (CDS Hooks: it then counts as absent). */
export function isOperationOutcome(value: unknown): boolean {
  return isResource(value) && value.resourceType === 'OperationOutcome';
}

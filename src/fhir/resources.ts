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
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { resourceType?: unknown }).resourceType === 'string';
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

/** Told of each resource of a pool, with the resource that contains it when it is a contained one. */
export type ResourceVisitor = (resource: AnyResource, container: AnyResource | undefined) => void;

/**
 * Every resource of a hook call's data, walked where the request's JSON put it: nothing is copied
 * or wrapped, so a resource no reader keeps costs nothing beyond its parse.
 */
export interface ResourcePool {
  forEach(visit: ResourceVisitor): void;
}

/**
 * Visits the resources inside one prefetch value: a searchset Bundle's entries, a single
 * resource, or nothing for `null`. OperationOutcomes are reports about the fetch, not patient
 * data, so they are never visited. Contained resources (a DiagnosticReport's Observations) are,
 * right after their container.
 */
export function visitResources(value: unknown, visit: ResourceVisitor, depth = 0): void {
  if (!isResource(value) || depth > MAX_BUNDLE_DEPTH) return;
  const type = value.resourceType;
  if (type === 'OperationOutcome') return;
  if (type === 'Bundle') {
    const entries = value.entry;
    if (!Array.isArray(entries)) return;
    for (const entry of entries) {
      if (typeof entry === 'object' && entry !== null) visitResources((entry as { resource?: unknown }).resource, visit, depth + 1);
    }
    return;
  }
  visit(value, undefined);
  const contained = value.contained;
  if (Array.isArray(contained)) {
    for (const inner of contained) {
      if (isResource(inner) && typeof inner.id === 'string') visit(inner, value);
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
 * The part of referenceOf after "Type/" (the id, or "container-id#inner-id"), or undefined when the
 * reference names no single resource. Built only for contained resources: a top-level resource's
 * id is already a string of the request's JSON.
 */
function idWithinType(pooled: PooledResource): string | undefined {
  const owner = pooled.container ?? pooled.resource;
  if (typeof owner.id !== 'string' || owner.id.length > 64) return undefined;
  return pooled.container ? `${owner.id}#${String(pooled.resource.id).slice(0, 64)}` : owner.id;
}

/**
 * One item per resource, in the order each resource first arrived: a resource may answer two
 * prefetch queries, and a result may arrive in two versions (preliminary, then amended), of which
 * only the newest counts. Items whose reference names no single resource are all kept. One pass as
 * items are added, keyed by type then id, so no reference text is built to find a duplicate.
 */
export class NewestVersions<T extends { pooled: PooledResource }> {
  readonly kept: T[] = [];
  private readonly byType = new Map<string, Map<string, number>>();

  add(item: T): void {
    const id = idWithinType(item.pooled);
    if (id === undefined) {
      this.kept.push(item);
      return;
    }
    const type = (item.pooled.container ?? item.pooled.resource).resourceType;
    let byId = this.byType.get(type);
    if (byId === undefined) {
      byId = new Map();
      this.byType.set(type, byId);
    }
    const index = byId.get(id);
    if (index === undefined) {
      byId.set(id, this.kept.length);
      this.kept.push(item);
    } else if (isNewer(item.pooled.resource, this.kept[index].pooled.resource)) {
      this.kept[index] = item;
    }
  }
}

/** True when a prefetch value reports a failed query (CDS Hooks: it then counts as absent). */
export function isOperationOutcome(value: unknown): boolean {
  return isResource(value) && value.resourceType === 'OperationOutcome';
}

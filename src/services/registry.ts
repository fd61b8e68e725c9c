/**
 * The discovery document and the implementations behind it, checked against each other at
 * start-up: a broken cds-services.json stops the service with a message that says what is wrong.
 */
import Ajv from 'ajv';
import { readJsonFile } from '../json-file';
import { discoverySchema } from '../schemas/discovery';
import { HOOKS } from '../schemas/hook-request';
import { hamstringTwitch } from './hamstring-twitch';
import { hamstringTwitchOrderSelect, hamstringTwitchOrderSign } from './order-review';
import type { ServiceImplementation } from './types';

export interface ServiceEntry {
  hook: string;
  id: string;
  title?: string;
  description: string;
  prefetch?: Record<string, string>;
  usageRequirements?: string;
}

export interface DiscoveryDocument {
  services: ServiceEntry[];
}

export interface RegisteredService {
  entry: ServiceEntry;
  implementation: ServiceImplementation;
}

export interface ServiceRegistry {
  discovery: DiscoveryDocument;
  byId: ReadonlyMap<string, RegisteredService>;
}

export const IMPLEMENTATIONS: readonly ServiceImplementation[] = [hamstringTwitch, hamstringTwitchOrderSelect, hamstringTwitchOrderSign];

export class DiscoveryError extends Error {
  constructor(file: string, problems: string[]) {
    super(`${file} is not a valid discovery document:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DiscoveryError';
  }
}

const validateDiscovery = new Ajv({ allErrors: true }).compile<DiscoveryDocument>(discoverySchema);

export function buildRegistry(document: unknown, file: string, implementations = IMPLEMENTATIONS): ServiceRegistry {
  if (!validateDiscovery(document)) {
    throw new DiscoveryError(
      file,
      (validateDiscovery.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`),
    );
  }
  const discovery = document;
  const problems: string[] = [];
  const byId = new Map<string, RegisteredService>();
  for (const entry of discovery.services) {
    const where = `service "${entry.id}"`;
    if (byId.has(entry.id)) problems.push(`${where} is listed twice`);
    if (!(HOOKS as readonly string[]).includes(entry.hook)) problems.push(`${where}: hook "${entry.hook}" is not one this server handles`);
    const implementation = implementations.find((i) => i.id === entry.id);
    if (!implementation) {
      problems.push(`${where} has no implementation (known: ${implementations.map((i) => i.id).join(', ')})`);
      continue;
    }
    if (implementation.hook !== entry.hook) problems.push(`${where}: hook must be "${implementation.hook}"`);
    const declared = Object.keys(entry.prefetch ?? {});
    for (const key of implementation.reads) {
      if (!declared.includes(key)) problems.push(`${where}: prefetch key "${key}" is missing (the service reads it)`);
    }
    for (const key of declared) {
      if (!implementation.reads.includes(key)) problems.push(`${where}: prefetch key "${key}" is not read by the service`);
    }
    byId.set(entry.id, { entry, implementation });
  }
  if (problems.length > 0) throw new DiscoveryError(file, problems);
  return { discovery, byId };
}

export function loadRegistry(file: string): ServiceRegistry {
  const read = readJsonFile(file);
  if (!read.ok) throw new DiscoveryError(file, [read.problem]);
  return buildRegistry(read.document, file);
}

/**
 * What is running, as the probes, the metrics and the OpenAPI document tell it: the service's
 * release and the clinical knowledge's own version (src/version.ts reads them once).
 */
import { KNOWLEDGE_VERSION, SERVICE_VERSION } from '../version';

export interface Versions {
  version: string;
  knowledgeVersion: string;
}

export const VERSIONS: Versions = { version: SERVICE_VERSION, knowledgeVersion: KNOWLEDGE_VERSION };

/**
 * What is running: the service's release (package.json) and the clinical knowledge's own version,
 * told apart so that an override rate can be tied to a knowledge release. Read once, at start-up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KNOWLEDGE_VERSION } from '../knowledge/version';

export interface Versions {
  version: string;
  knowledgeVersion: string;
}

/** src/ops in development, dist/ops when built: package.json is two up either way. */
const PACKAGE_FILE = path.resolve(__dirname, '../../package.json');

function packageVersion(): string {
  const { version } = JSON.parse(fs.readFileSync(PACKAGE_FILE, 'utf8')) as { version?: unknown };
  if (typeof version !== 'string') throw new Error(`${PACKAGE_FILE} has no version`);
  return version;
}

export const VERSIONS: Versions = { version: packageVersion(), knowledgeVersion: KNOWLEDGE_VERSION };

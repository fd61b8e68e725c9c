/**
 * The service's version, from package.json (read once at start-up; the file sits one folder up
 * from src/ in development and from dist/ when built), beside the knowledge's own version.
 */
import path from 'node:path';
import { readJsonFile } from './json-file';
export { KNOWLEDGE_VERSION } from './knowledge/version';

function packageVersion(): string {
  const file = path.resolve(__dirname, '..', 'package.json');
  const read = readJsonFile(file);
  const version = read.ok && typeof read.document === 'object' && read.document !== null ? (read.document as { version?: unknown }).version : undefined;
  if (typeof version !== 'string') throw new Error(`${file} ${read.ok ? 'has no version' : read.problem}`);
  return version;
}

export const SERVICE_VERSION = packageVersion();

/**
 * Configuration files (the discovery document, trusted clients, a site's terminology) are JSON read
 * once at start-up: their content, or the one problem that stops start-up, worded for the operator.
 */
import fs from 'node:fs';

export type JsonFile = { ok: true; document: unknown } | { ok: false; problem: string };

export function readJsonFile(file: string): JsonFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, problem: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    return { ok: true, document: JSON.parse(text) };
  } catch (err) {
    return { ok: false, problem: `is not valid JSON: ${(err as Error).message}` };
  }
}

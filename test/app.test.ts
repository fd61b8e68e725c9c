/** createApp's dependencies: what a caller gives is what the app and everything built for it use. */
import assert from 'node:assert/strict';
import pino from 'pino';
import { appDeps } from '../src/app';
import { loadConfig } from '../src/config';
import { hookRequest } from './support/builders';
import type { HookRequest } from '../src/schemas/hook-request';

describe('createApp', () => {
  describe('given a logger and no FHIR loader (LOG_LEVEL silent)', () => {
    it('builds the FHIR loader with that logger: its lines reach it', async () => {
      const lines: string[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
      const config = loadConfig({ LOG_LEVEL: 'silent', FHIR_SERVER_ALLOWLIST: 'https://fhir.example.org' });
      const { loader } = appDeps(config, { logger });
      const request = { ...hookRequest({}, { omit: ['conditions'] }), fhirServer: 'https://elsewhere.example.org/fhir' } as unknown as HookRequest;
      await assert.rejects(loader.load(request, { templates: { conditions: 'Condition?patient={{context.patientId}}' }, required: ['conditions'] }));
      assert.deepEqual(
        lines.map((line) => (JSON.parse(line) as { msg: string }).msg),
        ['fhirServer refused'],
      );
    });
  });
});

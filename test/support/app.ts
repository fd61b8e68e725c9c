/** A fresh app per test file: default configuration, frozen clock, silent logs. */
import type { Express } from 'express';
import request from 'supertest';
import { createApp, type AppDeps } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createAuthenticator, type AuthenticatorOptions } from '../../src/security/client-auth';
import { MemoryReplayCache } from '../../src/security/replay-cache';
import type { TrustedClient } from '../../src/security/trusted-clients';
import { NOW } from './builders';
import { PUBLIC_URL } from './tokens';

export const SERVICE_URL = '/cds-services/hamstring-twitch';

export function testApp(config: Partial<Config> = {}, deps: Partial<AppDeps> = {}): Express {
  return createApp({ ...loadConfig({}), ...config }, { clock: () => new Date(NOW), logger: createLogger('silent'), ...deps });
}

/** An app that trusts `clients`, publicly reachable at PUBLIC_URL, with the clock frozen at NOW. */
export function securedApp(
  clients: TrustedClient[],
  options: { deps?: Partial<AppDeps>; jwksFetch?: AuthenticatorOptions['jwksFetch']; publicUrl?: string | undefined; maxLifetimeSeconds?: number } = {},
): Express {
  const clock = () => new Date(NOW);
  const base = loadConfig({});
  const authenticator = createAuthenticator({
    clients,
    replayCache: new MemoryReplayCache(clock),
    clock,
    jwksFetch: options.jwksFetch,
    maxLifetimeSeconds: options.maxLifetimeSeconds ?? base.security.jwtMaxLifetimeSeconds,
  });
  const publicUrl = 'publicUrl' in options ? options.publicUrl : PUBLIC_URL;
  return testApp({ security: { ...base.security, publicUrl } }, { authenticator, ...options.deps });
}

/** The preflight a browser (the CDS Hooks Sandbox) sends before POSTing a hook call with a token. */
export function corsPreflight(app: Express, path = SERVICE_URL): request.Test {
  return request(app)
    .options(path)
    .set('Origin', 'https://sandbox.cds-hooks.org')
    .set('Access-Control-Request-Method', 'POST')
    .set('Access-Control-Request-Headers', 'authorization,content-type');
}

/**
 * The service as `npm start` runs it: compiled by tsc into dist/ (tsconfig.build.json). Run through
 * tsx instead, every binding a module imports is read through a getter (esbuild's CommonJS
 * exports), and the service's own work on a typical call took 20-25% more CPU than in the build.
 * run.ts builds it once before the servers start; bench/server.ts and the in-process measurement
 * load it from there.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as App from '../src/app';
import type * as Config from '../src/config';
import type * as Logger from '../src/logger';
import type * as Store from '../src/storage/store';
import type * as Validate from '../src/http/validate';
import type * as Version from '../src/version';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

export function buildService(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

const load = createRequire(__filename);

/** The built modules the bench uses, typed as their sources. */
export interface BuiltService {
  app: typeof App;
  config: typeof Config;
  logger: typeof Logger;
  store: typeof Store;
  validate: typeof Validate;
  version: typeof Version;
}

export function builtService(): BuiltService {
  const from = (module: string) => load(path.join(DIST, module)) as unknown;
  return {
    app: from('app.js') as typeof App,
    config: from('config.js') as typeof Config,
    logger: from('logger.js') as typeof Logger,
    store: from('storage/store.js') as typeof Store,
    validate: from('http/validate.js') as typeof Validate,
    version: from('version.js') as typeof Version,
  };
}

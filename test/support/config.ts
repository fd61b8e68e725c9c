/** The problems loadConfig reports for an environment it refuses. */
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config';

export function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err.problems;
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

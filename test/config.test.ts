import assert from 'node:assert/strict';
import { ConfigError, loadConfig, parseSize } from '../src/config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err.problems;
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  describe('with an empty environment', () => {
    it('serves on port 3000 with a 5 MB body limit, a 90-day look-back and 14 days to persistence', () => {
      const config = loadConfig({});
      assert.equal(config.port, 3000);
      assert.equal(config.bodyLimitBytes, 5 * 1024 * 1024);
      assert.equal(config.lookbackDays, 90);
      assert.equal(config.persistentTwitchDays, 14);
      assert.equal(config.logLevel, 'info');
      assert.equal(config.host, undefined);
      assert.match(config.servicesFile, /cds-services\.json$/);
    });
  });

  describe('with PERSISTENT_TWITCH_DAYS=7', () => {
    it('rejects it, naming the variable, the allowed range and the value', () => {
      const problems = problemsOf({ PERSISTENT_TWITCH_DAYS: '7' });
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^PERSISTENT_TWITCH_DAYS must be an integer from 14 to 28/);
      assert.match(problems[0], /got "7"$/);
    });
  });

  describe('with PERSISTENT_TWITCH_DAYS=21', () => {
    it('uses it', () => {
      assert.equal(loadConfig({ PERSISTENT_TWITCH_DAYS: '21' }).persistentTwitchDays, 21);
    });
  });

  describe('with BODY_LIMIT', () => {
    it('reads "512kb" as 524288 bytes', () => {
      assert.equal(loadConfig({ BODY_LIMIT: '512kb' }).bodyLimitBytes, 512 * 1024);
    });
    it('reads "2MB" as 2097152 bytes', () => {
      assert.equal(loadConfig({ BODY_LIMIT: '2MB' }).bodyLimitBytes, 2 * 1024 * 1024);
    });
    it('reads a bare number as bytes', () => {
      assert.equal(loadConfig({ BODY_LIMIT: '1048576' }).bodyLimitBytes, 1048576);
    });
    it('rejects "lots", naming the variable and the value', () => {
      assert.deepEqual(problemsOf({ BODY_LIMIT: 'lots' }), ['BODY_LIMIT must be a size from 1kb to 100mb such as "5mb"; got "lots"']);
    });
    it('rejects a limit below 1kb', () => {
      assert.match(problemsOf({ BODY_LIMIT: '100b' })[0], /^BODY_LIMIT must be a size from 1kb to 100mb/);
    });
    it('rejects a limit above 100mb', () => {
      assert.match(problemsOf({ BODY_LIMIT: '101mb' })[0], /^BODY_LIMIT .*got "101mb"/);
    });
  });

  describe('with several problems', () => {
    it('lists every problem at once, each by its variable', () => {
      let error: unknown;
      try {
        loadConfig({ PORT: 'eighty', BODY_LIMIT: 'huge', LOG_LEVEL: 'loud', LOOKBACK_DAYS: '0' });
      } catch (err) {
        error = err;
      }
      assert.ok(error instanceof ConfigError);
      const names = error.problems.map((p) => p.split(' ')[0]);
      assert.deepEqual(names.sort(), ['BODY_LIMIT', 'LOG_LEVEL', 'LOOKBACK_DAYS', 'PORT']);
      for (const name of names) assert.ok(error.message.includes(`  - ${name} `), `message lists ${name}`);
      assert.match(error.message, /^Invalid configuration:\n/);
    });
  });
});

describe('parseSize', () => {
  describe('with sizes as people write them', () => {
    it('reads b, kb and mb in any case, with spaces and decimals', () => {
      assert.equal(parseSize('10b'), 10);
      assert.equal(parseSize(' 2 KB '), 2048);
      assert.equal(parseSize('1.5mb'), Math.floor(1.5 * 1024 * 1024));
    });
    it('returns undefined for units it does not know', () => {
      assert.equal(parseSize('5gb'), undefined);
      assert.equal(parseSize('-5mb'), undefined);
      assert.equal(parseSize(''), undefined);
    });
  });
});

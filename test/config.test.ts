import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { ConfigError, loadConfig, parseSize, securityWarnings } from '../src/config';
import path from 'node:path';
import { EHR_CLIENT, problemsOf, productionEnv, trustedClientsFile } from './support/config';

const SANDBOX_FILE = path.join(__dirname, '..', 'trusted-clients.sandbox.json');
const loadTrustedClientsJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>[];

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

  describe('with TERMINOLOGY_FILE', () => {
    it('leaves it unset when absent or blank: the built-in value sets alone', () => {
      assert.equal(loadConfig({}).terminologyFile, undefined);
      assert.equal(loadConfig({ TERMINOLOGY_FILE: '  ' }).terminologyFile, undefined);
    });
    it('resolves a relative path from the working directory', () => {
      assert.equal(loadConfig({ TERMINOLOGY_FILE: 'site/terminology.json' }).terminologyFile, path.resolve('site/terminology.json'));
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

  describe('with MRI_STRAIN_WINDOW_DAYS', () => {
    it('defaults to 90 days', () => {
      assert.equal(loadConfig({}).mriStrainWindowDays, 90);
    });
    it('uses 60', () => {
      assert.equal(loadConfig({ MRI_STRAIN_WINDOW_DAYS: '60' }).mriStrainWindowDays, 60);
    });
    it('rejects 3, naming the variable and the range', () => {
      const problems = problemsOf({ MRI_STRAIN_WINDOW_DAYS: '3' });
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^MRI_STRAIN_WINDOW_DAYS must be an integer from 14 to 365/);
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

describe('loadConfig security settings', () => {
  describe('with NODE_ENV=production and nothing else', () => {
    it('refuses to start, naming the FHIR server allowlist, the trusted clients file, the public URL, the database, the patient-hash key and the CORS origins', () => {
      const problems = problemsOf({ NODE_ENV: 'production' });
      assert.deepEqual(
        problems.map((p) => p.split(' ')[0]),
        ['FHIR_SERVER_ALLOWLIST', 'CDS_TRUSTED_CLIENTS_FILE', 'CDS_PUBLIC_URL', 'DATABASE_URL', 'PATIENT_HASH_KEY', 'CORS_ORIGINS'],
      );
    });
  });

  describe('with NODE_ENV=production and everything set', () => {
    it('starts with all three', () => {
      const { security, storage } = loadConfig({ ...productionEnv(), CDS_PUBLIC_URL: 'https://cds.example.org/' });
      assert.equal(security.production, true);
      assert.match(security.trustedClientsFile ?? '', /ehr-clients\.json$/);
      assert.equal(security.publicUrl, 'https://cds.example.org', 'the trailing slash is dropped');
      assert.equal(storage.databaseUrl, 'postgres://cds@db/cds');
    });
  });

  describe('with an http CDS_PUBLIC_URL in production', () => {
    it('refuses it: CDS Hooks requires TLS', () => {
      const problems = problemsOf({ ...productionEnv(), CDS_PUBLIC_URL: 'http://cds.example.org' });
      assert.deepEqual(problems, ['CDS_PUBLIC_URL must be https in production (CDS Hooks requires TLS)']);
    });
  });

  describe('with a CDS_PUBLIC_URL that carries a query', () => {
    it('refuses it, naming the variable', () => {
      assert.match(problemsOf({ CDS_PUBLIC_URL: 'https://cds.example.org/?x=1' })[0], /^CDS_PUBLIC_URL must be the absolute http\(s\) URL/);
    });
  });

  describe('with NODE_ENV=production and the shipped Sandbox file', () => {
    it("refuses to start: the Sandbox's private key is public", () => {
      assert.deepEqual(problemsOf(productionEnv(SANDBOX_FILE)), [
        'CDS_TRUSTED_CLIENTS_FILE: entry 0 (iss "https://sandbox.cds-hooks.org") trusts the CDS Hooks Sandbox by its iss and its published key, whose private key is public (anyone can sign as it); never trust it in production',
      ]);
    });
  });

  describe('with NODE_ENV=production and the Sandbox trusted under another name', () => {
    it('refuses each entry that has the Sandbox key or key set URL, naming it', () => {
      const sandboxKey = (loadTrustedClientsJson(SANDBOX_FILE)[0].jwks as { keys: unknown[] }).keys[0];
      const file = trustedClientsFile('disguised.json', [
        EHR_CLIENT,
        { iss: 'https://not-the-sandbox.example.org', jwks: { keys: [sandboxKey] } },
        { iss: 'https://also-not.example.org', jwksUrl: 'https://sandbox.cds-hooks.org/.well-known/jwks.json' },
      ]);
      assert.deepEqual(problemsOf(productionEnv(file)), [
        'CDS_TRUSTED_CLIENTS_FILE: entry 1 (iss "https://not-the-sandbox.example.org") trusts the CDS Hooks Sandbox by its published key, whose private key is public (anyone can sign as it); never trust it in production',
        'CDS_TRUSTED_CLIENTS_FILE: entry 2 (iss "https://also-not.example.org") trusts the CDS Hooks Sandbox by its key set URL, whose private key is public (anyone can sign as it); never trust it in production',
      ]);
    });
  });

  describe('with NODE_ENV=production and a trusted clients file that cannot be used', () => {
    it('names the file and each of its problems with the other problems, before anything starts', () => {
      const problems = problemsOf({ ...productionEnv(trustedClientsFile('empty.json', [])), DATABASE_URL: undefined });
      assert.equal(problems.length, 2);
      assert.match(problems[0], /^CDS_TRUSTED_CLIENTS_FILE \(.*empty\.json\): lists no clients/);
      assert.match(problems[1], /^DATABASE_URL is required in production/);
    });
  });

  describe('outside production with the shipped Sandbox file', () => {
    it('starts: the file is for trying the service', () => {
      assert.match(loadConfig({ CDS_TRUSTED_CLIENTS_FILE: SANDBOX_FILE }).security.trustedClientsFile ?? '', /trusted-clients\.sandbox\.json$/);
    });
  });

  describe('with JWT_MAX_LIFETIME_SECONDS', () => {
    it('allows tokens of 300 s by default', () => {
      assert.equal(loadConfig({}).security.jwtMaxLifetimeSeconds, 300);
    });
    it('uses the value given', () => {
      assert.equal(loadConfig({ JWT_MAX_LIFETIME_SECONDS: '900' }).security.jwtMaxLifetimeSeconds, 900);
    });
    it('refuses 0, more than an hour, or a word, naming the variable', () => {
      for (const value of ['0', '3601', 'long']) {
        assert.match(problemsOf({ JWT_MAX_LIFETIME_SECONDS: value })[0], /^JWT_MAX_LIFETIME_SECONDS must be an integer from 1 to 3600; got "/);
      }
    });
  });

  describe('with a DATABASE_URL that is not PostgreSQL', () => {
    it('refuses it', () => {
      assert.match(problemsOf({ DATABASE_URL: 'mysql://db/cds' })[0], /^DATABASE_URL must be a PostgreSQL connection URL/);
    });
  });
});

describe('securityWarnings', () => {
  describe('in development with nothing set', () => {
    it('warns loudly that calls are not authenticated', () => {
      const warnings = securityWarnings(loadConfig({}).security);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /hook and feedback calls are NOT authenticated/);
    });
  });

  describe('with trusted clients but no CDS_PUBLIC_URL', () => {
    it('warns that audiences are checked against the Host header', () => {
      const warnings = securityWarnings(loadConfig({ CDS_TRUSTED_CLIENTS_FILE: 'c.json', DATABASE_URL: 'postgres://db/cds' }).security);
      assert.deepEqual(warnings.length, 1);
      assert.match(warnings[0], /^CDS_PUBLIC_URL is not set/);
    });
  });

  describe('in production as configured', () => {
    it('has nothing to warn about', () => {
      assert.deepEqual(securityWarnings(loadConfig(productionEnv()).security), []);
    });
  });
});

describe('starting the server with NODE_ENV=production, the Sandbox file and an http FHIR server', () => {
  it('exits 1 naming both problems, before it tries the database', function () {
    this.timeout(20_000);
    const root = path.join(__dirname, '..');
    const started = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'server.ts')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 15_000,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: '0',
        CDS_TRUSTED_CLIENTS_FILE: SANDBOX_FILE,
        FHIR_SERVER_ALLOWLIST: 'http://fhir.internal:8080',
        CDS_PUBLIC_URL: 'https://cds.example.org',
        // Nothing listens there: reaching for it would fail with another message.
        DATABASE_URL: 'postgres://cds@127.0.0.1:1/cds',
        PATIENT_HASH_KEY: 'ab'.repeat(32),
      },
    });
    assert.equal(started.status, 1, started.stderr);
    assert.match(started.stderr, /CDS_TRUSTED_CLIENTS_FILE: entry 0 \(iss "https:\/\/sandbox\.cds-hooks\.org"\) trusts the CDS Hooks Sandbox/);
    assert.match(started.stderr, /FHIR_SERVER_ALLOWLIST entry "http:\/\/fhir\.internal:8080" is plain http/);
    assert.doesNotMatch(started.stderr, /database/i);
  });
});

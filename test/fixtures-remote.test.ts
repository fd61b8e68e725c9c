/**
 * `npm run fixtures -- --url ... --key ... --iss ... --junit ...`: every fixture against a real
 * listening instance with client authentication on, moved to the instance's today, reported as
 * the in-process run reports it and as JUnit XML.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { createApp } from '../src/app';
import { loadConfig, SECURITY_DEFAULTS } from '../src/config';
import { main } from '../src/fixtures/cli';
import { FIXTURES_DIR, listFixtures, type Fixture } from '../src/fixtures/runner';
import { daysToShift, shiftRequestDates, shiftTextDates } from '../src/fixtures/shift-dates';
import { createLogger } from '../src/logger';
import { createAuthenticator } from '../src/security/client-auth';
import { MemoryReplayCache } from '../src/security/replay-cache';
import type { PublicJwk } from '../src/security/trusted-clients';
import { NOW } from './support/builders';

const ISS = 'https://regression.example.org';
/** The instance's clock: 37 days and 5 hours after the fixtures' `now`, so every date must move. */
const RUN_AT = new Date(NOW.getTime() + (37 * 24 + 5) * 3600 * 1000);

interface Run {
  status: number;
  output: string;
}

async function cli(argv: string[]): Promise<Run> {
  let output = '';
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      output += chunk.toString('utf8');
      done();
    },
  });
  const status = await main(argv, { out, now: () => RUN_AT });
  return { status, output };
}

/** The verdict lines (ok/FAIL, name, description) and the count: what both kinds of run must share. */
function verdicts(output: string): string[] {
  return output.split('\n').filter((line) => /^(ok {3}|FAIL )|^fixtures: /.test(line));
}

interface JunitCase {
  name: string;
  classname: string;
  time: string;
  failure?: { '#text': string; message: string; type: string };
}

function parseJunit(file: string) {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' || name === 'property' });
  const xml = parser.parse(fs.readFileSync(file, 'utf8')) as {
    testsuites: { tests: string; failures: string; testsuite: { tests: string; failures: string; timestamp: string; properties: { property: { name: string; value: string }[] }; testcase: JunitCase[] } };
  };
  return xml.testsuites;
}

describe('npm run fixtures against a deployed service', () => {
  let dir: string;
  let server: http.Server;
  let url: string;
  let jwkFile: string;
  let pemFile: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hamstring-remote-'));
    const es384 = await generateKeyPair('ES384', { extractable: true });
    const rs384 = await generateKeyPair('RS384', { extractable: true });
    const publicKey = async (key: CryptoKey, kid: string, alg: string): Promise<PublicJwk> => {
      const jwk = await exportJWK(key);
      return { ...jwk, kty: jwk.kty ?? '', kid, alg, use: 'sig' };
    };
    jwkFile = path.join(dir, 'regression-key.json');
    fs.writeFileSync(jwkFile, JSON.stringify({ ...(await exportJWK(es384.privateKey)), kid: 'regression-es384' }));
    pemFile = path.join(dir, 'regression-key.pem');
    fs.writeFileSync(pemFile, await exportPKCS8(rs384.privateKey));

    const clock = () => RUN_AT;
    const clients = [{ iss: ISS, jwks: { keys: [await publicKey(es384.publicKey, 'regression-es384', 'ES384'), await publicKey(rs384.publicKey, 'regression-rs384', 'RS384')] } }];
    const authenticator = createAuthenticator({ clients, replayCache: new MemoryReplayCache(clock), clock, maxLifetimeSeconds: SECURITY_DEFAULTS.jwtMaxLifetimeSeconds });
    const app = createApp(loadConfig({}), { clock, authenticator, logger: createLogger('silent') });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cds-services`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('with every fixture, an ES384 JWK and --junit', () => {
    let remote: Run;
    let junitFile: string;
    before(async function () {
      this.timeout(120_000);
      junitFile = path.join(dir, 'report.xml');
      remote = await cli(['--url', url, '--key', jwkFile, '--iss', ISS, '--junit', junitFile]);
    });

    it('passes them all, each call carrying a fresh token for the exact URL called', () => {
      assert.equal(remote.status, 0, remote.output);
      assert.match(remote.output, new RegExp(`^fixtures: ${listFixtures().length} passed, 0 failed$`, 'm'));
    });

    it('prints what the in-process run prints and exits as it does', async function () {
      this.timeout(120_000);
      const local = await cli([]);
      assert.equal(local.status, remote.status);
      assert.deepEqual(verdicts(remote.output), verdicts(local.output));
    });

    it('writes a JUnit report with one passing testcase per fixture', () => {
      const report = parseJunit(junitFile);
      const names = listFixtures().map((f) => path.basename(f, '.json'));
      assert.equal(report.tests, String(names.length));
      assert.equal(report.failures, '0');
      assert.deepEqual(report.testsuite.testcase.map((c) => c.name), names);
      assert.ok(report.testsuite.testcase.every((c) => c.failure === undefined && Number(c.time) >= 0));
      assert.deepEqual(report.testsuite.properties.property, [{ name: 'target', value: url }, { name: 'iss', value: ISS }]);
    });
  });

  describe('without a key', () => {
    it('fails each call with the 401 the service answers', async () => {
      const run = await cli(['benign-recent', '--url', url]);
      assert.equal(run.status, 1);
      assert.match(run.output, /^FAIL benign-recent-twitching/m);
      assert.match(run.output, /HTTP status.*token_required/);
    });
  });

  describe('with an RS384 key in a PEM file', () => {
    it('signs RS384 tokens the service accepts', async () => {
      const run = await cli(['benign-recent', '--url', url, '--key', pemFile, '--iss', ISS, '--kid', 'regression-rs384']);
      assert.equal(run.status, 0, run.output);
    });
  });

  describe('with a fixture that fails and text that XML must escape', () => {
    it('reports the failure in the JUnit file, escaped, beside the fixture that passed', async () => {
      const fixtures = path.join(dir, 'fixtures');
      fs.mkdirSync(fixtures);
      const scenario = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'electrolytes-missing-all.json'), 'utf8')) as Fixture;
      fs.writeFileSync(path.join(fixtures, 'a-passes.json'), JSON.stringify(scenario));
      const wrong = { ...scenario, description: 'Expects <a> card & "another" \'one\'', expect: { cards: [{ summary: 'A card <that> does not exist & never will', indicator: 'critical' }] } };
      fs.writeFileSync(path.join(fixtures, 'b-fails.json'), JSON.stringify(wrong));
      const junitFile = path.join(dir, 'failing.xml');

      const run = await cli(['--url', url, '--key', jwkFile, '--iss', ISS, '--dir', fixtures, '--junit', junitFile]);
      assert.equal(run.status, 1);
      assert.deepEqual(verdicts(run.output), [
        `ok   a-passes - ${scenario.description}`,
        `FAIL b-fails - ${wrong.description}`,
        'fixtures: 1 passed, 1 failed',
      ]);
      const report = parseJunit(junitFile);
      assert.equal(report.testsuite.tests, '2');
      assert.equal(report.testsuite.failures, '1');
      const [passed, failed] = report.testsuite.testcase;
      assert.equal(passed.failure, undefined);
      assert.equal(failed.name, 'b-fails');
      assert.equal(failed.failure?.type, 'FixtureMismatch');
      assert.match(failed.failure?.message ?? '', /Expected values to be strictly deep-equal/);
      assert.ok(failed.failure?.['#text'].includes('A card <that> does not exist & never will'), failed.failure?.['#text']);
    });
  });

  describe('with arguments that do not fit', () => {
    for (const [why, argv, message] of [
      ['--key without --iss', ['--url', 'https://staging.example/cds-services', '--key', 'k.json'], /--key and --iss go together/],
      ['--key without --url', ['--key', 'k.json', '--iss', ISS], /give its --url/],
      ['an unknown option', ['--urls', 'x'], /Unknown option '--urls'/],
      ['a URL that is not http(s)', ['--url', 'ftp://staging.example'], /--url must be an http\(s\) URL/],
    ] as const) {
      it(`exits 2 on ${why}, saying why and how to call it`, async () => {
        const run = await cli([...argv]);
        assert.equal(run.status, 2);
        assert.match(run.output, message);
        assert.match(run.output, /^usage: npm run fixtures/m);
      });
    }

    it('exits 2 on a public key given as --key', async () => {
      const publicFile = path.join(dir, 'public.json');
      const { publicKey } = await generateKeyPair('ES384', { extractable: true });
      fs.writeFileSync(publicFile, JSON.stringify(await exportJWK(publicKey)));
      const run = await cli(['--url', url, '--key', publicFile, '--iss', ISS]);
      assert.equal(run.status, 2);
      assert.match(run.output, /is a public JWK; give the private key/);
    });
  });
});

describe('moving a fixture to the day of the run', () => {
  describe('daysToShift', () => {
    it('counts whole days the nearer way', () => {
      const now = new Date('2026-11-26T12:00:00Z');
      assert.equal(daysToShift(now, new Date('2026-12-03T23:59:00Z')), 7);
      assert.equal(daysToShift(now, new Date('2026-12-04T00:01:00Z')), 8);
      assert.equal(daysToShift(now, new Date('2026-11-20T01:00:00Z')), -6);
    });
  });

  describe('shiftRequestDates', () => {
    it('moves dates, dateTimes and instants, keeping their form, and leaves everything else alone', () => {
      const request = {
        onsetDateTime: '2026-11-21',
        effectiveDateTime: '2026-11-20T08:30:00+01:00',
        issued: '2026-11-20T08:30:00.123Z',
        birthDate: '1988-03-14',
        recorded: '2026-11',
        year: '2026',
        code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1886' }] },
        impossible: '2026-02-30',
        text: 'seen on 2026-11-20',
        value: 1.3,
      };
      assert.deepEqual(shiftRequestDates(request, 40), {
        ...request,
        onsetDateTime: '2026-12-31',
        effectiveDateTime: '2026-12-30T08:30:00+01:00',
        issued: '2026-12-30T08:30:00.123Z',
        birthDate: '1988-04-23',
      });
    });
  });

  describe('shiftTextDates', () => {
    it('moves every calendar date in the expected text, and only those', () => {
      const expected = { cards: [{ summary: 'Magnesium of 2026-11-20 is low', detailIncludes: ['2026-11-20 (Observation/mg-low), 2026-10-01', 'code 19123-9'] }] };
      assert.deepEqual(shiftTextDates(expected, -1), {
        cards: [{ summary: 'Magnesium of 2026-11-19 is low', detailIncludes: ['2026-11-19 (Observation/mg-low), 2026-09-30', 'code 19123-9'] }],
      });
    });
  });
});

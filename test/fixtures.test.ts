/** The clinical scenarios in fixtures/, one mocha test each, and the runner's own failure report. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES_DIR, listFixtures, runAll, type Fixture, type FixtureResult } from '../src/fixtures/runner';

describe('fixtures/', () => {
  const files = listFixtures();
  let results: Map<string, FixtureResult>;

  before(async function () {
    this.timeout(120_000);
    results = new Map((await runAll(files)).map((r) => [r.name, r]));
  });

  it('holds at least one scenario', () => {
    assert.ok(files.length > 0, `no fixtures in ${FIXTURES_DIR}`);
  });

  for (const file of files) {
    const name = path.basename(file, '.json');
    it(`${name}: answers as the scenario expects`, () => {
      const result = results.get(name);
      assert.ok(result, `the runner returned no result for ${name}`);
      assert.ok(result.passed, `${name} - ${result.description}\n${result.failure ?? ''}`);
    });
  }
});

describe('runAll', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hamstring-fixtures-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function writeFixture(name: string, fixture: unknown): string {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(fixture));
    return file;
  }

  function aScenario(): Fixture {
    return JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'electrolytes-missing-all.json'), 'utf8')) as Fixture;
  }

  describe('with a fixture that expects the wrong card', () => {
    it('reports passed false with a diff naming the expected and the actual finding', async () => {
      const fixture = aScenario();
      fixture.expect.cards = [{ finding: 'no-such-finding', follows: 'red-flag.weakness', indicator: 'critical' }];
      const [result] = await runAll([writeFixture('wrong-card', fixture)]);
      assert.equal(result.name, 'wrong-card');
      assert.equal(result.passed, false);
      assert.match(result.failure ?? '', /Expected values to be strictly deep-equal/);
      assert.ok(result.failure?.includes('no-such-finding'), result.failure);
      assert.ok(result.failure?.includes('electrolytes-missing'), result.failure);
    });
  });

  describe('with a fixture that expects the wrong status', () => {
    it('reports passed false naming the HTTP status', async () => {
      const fixture = aScenario();
      fixture.expect = { status: 412 };
      const [result] = await runAll([writeFixture('wrong-status', fixture)]);
      assert.equal(result.passed, false);
      assert.match(result.failure ?? '', /HTTP status/);
      assert.match(result.failure ?? '', /200/);
    });
  });

  describe('with a fixture missing "now"', () => {
    it('reports passed false saying which field is missing', async () => {
      const fixture = aScenario() as Partial<Fixture>;
      delete fixture.now;
      const [result] = await runAll([writeFixture('no-now', fixture)]);
      assert.deepEqual(result, { name: 'no-now', description: '', passed: false, failure: 'no-now.json: "now" is missing' });
    });
  });

  describe('with an unchanged copy of a scenario', () => {
    it('reports passed true', async () => {
      const [result] = await runAll([writeFixture('copy', aScenario())]);
      assert.equal(result.passed, true, result.failure);
    });
  });

  describe('with a folder', () => {
    it('lists only its .json files, sorted', () => {
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a fixture');
      writeFixture('b-second', aScenario());
      writeFixture('a-first', aScenario());
      const names = listFixtures(dir).map((f) => path.basename(f));
      assert.ok(!names.includes('notes.txt'));
      assert.deepEqual(names, [...names].sort());
      assert.ok(names.indexOf('a-first.json') < names.indexOf('b-second.json'));
    });
  });
});

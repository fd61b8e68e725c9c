import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { buildServiceRequest } from '../../src/cards/service-request';
import type { Card } from '../../src/cards/types';
import { conceptsOf, displayOf, installCodeIndex, type CodeIndex } from '../../src/knowledge/codes';
import { ORDERABLES } from '../../src/knowledge/catalogue';
import { installSiteTerminology, loadSiteTerminology, parseSiteTerminology, SiteTerminologyError } from '../../src/knowledge/site-terminology';
import { SERVICE_URL, testApp } from '../support/app';
import { bundle, hookRequest, ICD10CM, NOW, SNOMED, twitching } from '../support/builders';

const LOCAL = 'http://hospital.example.org/fhir/CodeSystem/problems';

/** A site file that gives a local problem-list code and an ICD-10-CM family to our concepts. */
const SITE_FILE = {
  concepts: {
    twitching: [{ system: LOCAL, code: 'TW-01', display: 'Twitching, back of thigh (local)' }],
    electromyography: [{ system: 'http://hospital.example.org/fhir/CodeSystem/orderables', code: 'EMG-NCS', display: 'EMG/NCS (local orderable)' }],
  },
  icd10cmPrefixes: { neuromyotonia: [{ prefix: 'G71.8', display: 'Other primary disorders of muscles (local mapping)' }] },
};

function problemsOf(document: unknown): string[] {
  try {
    parseSiteTerminology(document, 'terminology.json');
  } catch (err) {
    assert.ok(err instanceof SiteTerminologyError, String(err));
    assert.match(err.message, /^terminology\.json is not a valid terminology file \(TERMINOLOGY_FILE\):\n/);
    return err.message
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^ {2}- /, ''));
  }
  assert.fail('the file was accepted');
}

const coding = (code: string, system = LOCAL) => ({ system, code, display: `Local ${code}` });

/** Twitching for 5 days (before `now`), recorded under the site's local code with the EHR's own short display. */
function localTwitching(now = NOW) {
  const onset = new Date(now.getTime() - 5 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  return hookRequest({ conditions: bundle(twitching(5, { system: LOCAL, code: 'TW-01', display: 'TW01', onset })) });
}

function cardsOf(res: request.Response): Card[] {
  return (res.body as { cards: Card[] }).cards;
}

describe('parseSiteTerminology', () => {
  describe('with codings and ICD-10-CM prefixes for known concepts', () => {
    it('returns them concept by concept, prefixes under ICD-10-CM', () => {
      assert.deepEqual(parseSiteTerminology(SITE_FILE, 'terminology.json'), [
        { id: 'twitching', codes: [SITE_FILE.concepts.twitching[0]], prefixes: [] },
        { id: 'electromyography', codes: [SITE_FILE.concepts.electromyography[0]], prefixes: [] },
        { id: 'neuromyotonia', codes: [], prefixes: [{ system: ICD10CM, prefix: 'G71.8', display: 'Other primary disorders of muscles (local mapping)' }] },
      ]);
    });
  });

  describe('with an unknown concept id', () => {
    it('names it and lists the concepts it knows', () => {
      const [problem, ...rest] = problemsOf({ concepts: { twitchng: [coding('A')] } });
      assert.deepEqual(rest, []);
      assert.match(
        problem,
        /^concepts: "twitchng" is not a concept this service knows \(known: twitching, muscleWeakness, .*caffeine, methylphenidate, furosemide, hydrochlorothiazide, omeprazole, pantoprazole\)$/,
      );
    });
  });

  describe('with a coding without system and one without code', () => {
    it('names each entry and the field it lacks', () => {
      assert.deepEqual(
        problemsOf({
          concepts: {
            twitching: [
              { code: 'A', display: 'a' },
              { system: LOCAL, display: 'b' },
            ],
          },
        }),
        ['concepts.twitching[0] (code "A"): system is required', 'concepts.twitching[1]: code is required'],
      );
    });
  });

  describe('with a system that is not an absolute URI', () => {
    it('names the entry and says what a system is', () => {
      assert.deepEqual(problemsOf({ concepts: { twitching: [coding('A', 'snomed')] } }), [
        'concepts.twitching[0] (code "A"): system must be an absolute URI, such as "http://snomed.info/sct"',
      ]);
    });
  });

  describe('with a code that has surrounding spaces, and one longer than 64 characters', () => {
    it('names both entries', () => {
      const problems = problemsOf({ concepts: { twitching: [coding(' A'), coding('B'.repeat(65))] } });
      assert.equal(problems.length, 2);
      assert.match(problems[0], /^concepts\.twitching\[0\] \(code " A"\): code must be 1-64 characters without leading, trailing or doubled spaces$/);
      assert.match(problems[1], /^concepts\.twitching\[1\] \(code "B{64}"\): code must be 1-64 characters/);
    });
  });

  describe('with a misspelt field and a missing display', () => {
    it('names the unknown field and the missing one', () => {
      assert.deepEqual(problemsOf({ concepts: { twitching: [{ sytem: LOCAL, system: LOCAL, code: 'A' }] } }), [
        'concepts.twitching[0] (code "A"): display is required',
        'concepts.twitching[0] (code "A"): unknown field "sytem"',
      ]);
    });
  });

  describe('with an empty file, an empty object and empty lists', () => {
    it('says the file lists no codes and how to do without one', () => {
      const noCodes = 'lists no codes; to use the built-in value sets alone, leave TERMINOLOGY_FILE unset';
      assert.deepEqual(problemsOf({}), [noCodes]);
      assert.deepEqual(problemsOf({ concepts: {}, icd10cmPrefixes: {} }), [noCodes]);
    });
    it('names a concept given an empty list', () => {
      assert.deepEqual(problemsOf({ concepts: { twitching: [] } }), ['concepts.twitching: must be a non-empty list of codings']);
    });
    it('refuses a list instead of an object', () => {
      assert.deepEqual(problemsOf([coding('A')]), ['(the file): the file must be an object with "concepts" and/or "icd10cmPrefixes"']);
    });
  });

  describe('with the same code twice for one concept, as ICD-10-CM senders vary it', () => {
    it('names the repeat and the entry it repeats', () => {
      assert.deepEqual(problemsOf({ concepts: { twitching: [coding('A'), coding('R25.8', ICD10CM), coding('A'), coding('r258', ICD10CM)] } }), [
        'concepts.twitching[2] (code "A"): repeats concepts.twitching[0]',
        'concepts.twitching[3] (code "r258"): repeats concepts.twitching[1]',
      ]);
    });
  });

  describe('with one local code given to two concepts', () => {
    it('accepts it: a local code may name both', () => {
      const site = parseSiteTerminology({ concepts: { hamstringInjury: [coding('HS-PAIN')], thighPain: [coding('HS-PAIN')] } }, 'terminology.json');
      assert.deepEqual(
        site.map((c) => c.id),
        ['hamstringInjury', 'thighPain'],
      );
    });
  });

  describe('with codes the built-in value sets already read', () => {
    it('refuses a built-in code, whichever concept the file gives it', () => {
      assert.deepEqual(problemsOf({ concepts: { twitching: [coding('82470000', SNOMED)], muscleCramp: [coding('R25.3', ICD10CM)] } }), [
        'concepts.twitching[0] (code "82470000"): the built-in value sets already read it as twitching; the file only adds codes the service does not know',
        'concepts.muscleCramp[0] (code "R25.3"): the built-in value sets already read it as twitching; the file only adds codes the service does not know',
      ]);
    });
    it('refuses a code or prefix inside a built-in ICD-10-CM family', () => {
      assert.deepEqual(
        problemsOf({ concepts: { thighPain: [coding('S76.312A', ICD10CM)] }, icd10cmPrefixes: { hamstringInjury: [{ prefix: 'S76.31', display: 'x' }] } }),
        [
          'concepts.thighPain[0] (code "S76.312A"): the built-in value sets already read it as hamstringInjury; the file only adds codes the service does not know',
          'icd10cmPrefixes.hamstringInjury[0] (prefix "S76.31"): the built-in value sets already read it as hamstringInjury; the file only adds codes the service does not know',
        ],
      );
    });
    it('refuses a prefix that would take in built-in codes, naming them', () => {
      assert.deepEqual(problemsOf({ icd10cmPrefixes: { twitching: [{ prefix: 'R25', display: 'Abnormal involuntary movements' }] } }), [
        'icd10cmPrefixes.twitching[0] (prefix "R25"): takes in codes the built-in value sets already read (R25.3, R25.2); give a longer prefix or the codes themselves',
      ]);
    });
  });

  describe('with a prefix shorter than an ICD-10-CM category', () => {
    it('names the entry and says what a prefix is', () => {
      assert.deepEqual(problemsOf({ icd10cmPrefixes: { twitching: [{ prefix: 'R2', display: 'x' }] } }), [
        'icd10cmPrefixes.twitching[0] (prefix "R2"): prefix must be an ICD-10-CM category or subcategory, such as "S76.3"',
      ]);
    });
  });
});

describe('loadSiteTerminology', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hamstring-terminology-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('with an empty file', () => {
    it('names the file and says it is not JSON', () => {
      const file = path.join(dir, 'empty.json');
      fs.writeFileSync(file, '');
      assert.throws(
        () => loadSiteTerminology(file),
        (err: Error) =>
          err instanceof SiteTerminologyError && err.message.startsWith(`${file} is not a valid terminology file`) && /is not valid JSON/.test(err.message),
      );
    });
  });

  describe('with a file that does not exist', () => {
    it('says it cannot be read', () => {
      assert.throws(() => loadSiteTerminology(path.join(dir, 'missing.json')), /cannot be read \(ENOENT\)/);
    });
  });
});

describe('installSiteTerminology', () => {
  let builtIns: CodeIndex | undefined;
  beforeEach(() => {
    builtIns = installSiteTerminology(parseSiteTerminology(SITE_FILE, 'terminology.json'));
  });
  afterEach(() => {
    if (builtIns) installCodeIndex(builtIns);
  });

  describe('with the site file installed', () => {
    it('reads the site codes with their displays, and the built-ins as before', () => {
      assert.deepEqual(conceptsOf(LOCAL, 'TW-01'), ['twitching']);
      assert.equal(displayOf('twitching', LOCAL, 'TW-01'), 'Twitching, back of thigh (local)');
      assert.deepEqual(conceptsOf(ICD10CM, 'G71.81'), ['neuromyotonia']);
      assert.deepEqual(conceptsOf(ICD10CM, 'R25.3'), ['twitching']);
      assert.deepEqual(conceptsOf(SNOMED, '82470000'), ['twitching']);
    });
    it('builds suggested orders from the built-in codes only', () => {
      const order = buildServiceRequest('electromyography', { patientId: 'pt-test', now: NOW });
      assert.deepEqual(
        order.code?.coding?.map((c) => `${c.system}|${c.code}`),
        ORDERABLES.electromyography.codes.map((c) => `${c.system}|${c.code}`),
      );
      assert.equal(order.code?.coding?.[0].display, 'Electromyography (procedure)');
    });
  });

  describe('once the index it returned is installed again', () => {
    it('no longer reads the site codes', () => {
      installCodeIndex(builtIns!);
      builtIns = undefined;
      assert.deepEqual(conceptsOf(LOCAL, 'TW-01'), []);
      assert.deepEqual(conceptsOf(ICD10CM, 'G71.81'), []);
    });
  });
});

describe('POST /cds-services/hamstring-twitch', () => {
  const app = testApp();

  describe('with the twitching recorded under a code from the site terminology file', () => {
    let builtIns: CodeIndex;
    before(() => {
      builtIns = installSiteTerminology(parseSiteTerminology(SITE_FILE, 'terminology.json'));
    });
    after(() => installCodeIndex(builtIns));

    it('answers the cards R25.3 gets, with the evidence in the site display', async () => {
      const local = cardsOf(await request(app).post(SERVICE_URL).send(localTwitching()).expect(200));
      const icd10 = cardsOf(
        await request(app)
          .post(SERVICE_URL)
          .send(hookRequest({ conditions: bundle(twitching(5)) }))
          .expect(200),
      );
      assert.ok(icd10.some((c) => c.summary.startsWith('Twitching for 5 days')));
      assert.deepEqual(
        local.map((c) => c.summary),
        icd10.map((c) => c.summary),
      );
      assert.ok(
        local.some((c) => (c.detail ?? '').includes('\n- Twitching, back of thigh (local), ')),
        JSON.stringify(local.map((c) => c.detail)),
      );
    });
  });

  describe('with the same request and the built-in value sets alone', () => {
    it('does not read the local code as twitching', async () => {
      const cards = cardsOf(await request(app).post(SERVICE_URL).send(localTwitching()).expect(200));
      assert.ok(!cards.some((c) => c.summary.startsWith('Twitching for 5 days')), cards.map((c) => c.summary).join(' | '));
    });
  });
});

describe('server.ts start-up with TERMINOLOGY_FILE', function () {
  this.timeout(30_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hamstring-terminology-start-'));
  const root = path.join(__dirname, '..', '..');
  const children: ChildProcess[] = [];
  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Starts the server as a process; resolves with its output once it listens or exits. */
  function start(file: string): Promise<{ code: number | null; stdout: string; stderr: string; port?: number; stop: () => void }> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'server.ts')], {
      cwd: root,
      // DATA_DIR: the embedded store of this process lives in the test's directory, not the project's.
      env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', TERMINOLOGY_FILE: file, LOG_LEVEL: 'info', DATA_DIR: dir },
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    return new Promise((resolve) => {
      const stop = () => child.kill('SIGTERM');
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const listening = /"port":(\d+)[^\n]*listening on port/.exec(stdout);
        if (listening) resolve({ code: null, stdout, stderr, port: Number(listening[1]), stop });
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr, stop }));
    });
  }

  describe('naming a file with problems', () => {
    it('does not start, and lists each problem naming its entry', async () => {
      const file = path.join(dir, 'bad.json');
      fs.writeFileSync(file, JSON.stringify({ concepts: { twitchng: [coding('A')], twitching: [coding('B', 'not a uri')] } }));
      const run = await start(file);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(
        run.stderr,
        new RegExp(`^hamstring-cds cannot start\\. ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a valid terminology file \\(TERMINOLOGY_FILE\\):\n`),
      );
      assert.match(run.stderr, /\n {2}- concepts: "twitchng" is not a concept this service knows/);
      assert.match(run.stderr, /\n {2}- concepts\.twitching\[0\] \(code "B"\): system must be an absolute URI/);
    });
  });

  describe('naming a valid file', () => {
    it('says so at start-up, and reads the site codes on the first request', async () => {
      const file = path.join(dir, 'good.json');
      fs.writeFileSync(file, JSON.stringify(SITE_FILE));
      const run = await start(file);
      try {
        assert.ok(run.port, run.stdout + run.stderr);
        assert.match(
          run.stdout,
          /"concepts":\["twitching","electromyography","neuromyotonia"\],"codes":3[^\n]*site terminology added to the built-in value sets/,
        );
        const res = await request(`http://127.0.0.1:${run.port}`).post(SERVICE_URL).send(localTwitching(new Date())).expect(200);
        assert.ok(
          cardsOf(res).some((c) => c.summary.startsWith('Twitching for 5 days')),
          JSON.stringify(res.body),
        );
      } finally {
        run.stop();
      }
    });
  });
});

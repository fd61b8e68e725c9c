/**
 * The knowledge published as FHIR R4: every artifact valid by an offline R4 validator, and in
 * agreement with what runs (codes the rules match, discovery's prefetch, the kinds of cards each
 * service issues, the approach page's anchors).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Fhir } from 'fhir';
import { Severities } from 'fhir/validator';
import type { Bundle, CapabilityStatement, Library, OperationOutcome, PlanDefinition, PlanDefinitionAction, Resource, ValueSet } from 'fhir/r4';
import request from 'supertest';
import { CARD_DEFINITIONS } from '../../src/approach';
import { BUILT_IN_INDEX, CONCEPTS, buildCodeIndex, conceptsIn, type ConceptCodes, type ConceptId } from '../../src/knowledge/codes';
import { ICD10CM, SNOMED } from '../../src/knowledge/systems';
import { fixtureRuns, listFixtures, readFixture } from '../../src/fixtures/runner';
import { prefetchOf, templateCodings } from '../../src/publish/data-requirements';
import { loadConfig } from '../../src/config';
import { testApp } from '../support/app';
import { PUBLIC_URL } from '../support/tokens';

const validator = new Fhir();

/** Errors and warnings of the R4 validator; unknown properties count as errors. */
function problems(resource: object): string[] {
  return validator
    .validate(resource, { errorOnUnexpected: true })
    .messages.filter((m) => m.severity !== Severities.Information)
    .map((m) => `${m.location ?? ''}: ${m.message ?? ''}`);
}

async function read<T>(app: ReturnType<typeof testApp>, url: string, status = 200): Promise<T> {
  const res = await request(app).get(url).expect(status);
  assert.match(String(res.headers['content-type']), /^application\/fhir\+json/);
  return JSON.parse(res.text) as T;
}

/** The value sets as an index of the same shape the rules read: codes listed in the compose, families from its is-a filters. */
function indexOfValueSets(valueSets: readonly ValueSet[]): ReturnType<typeof buildCodeIndex> {
  const concepts: ConceptCodes[] = valueSets.map((vs) => ({
    id: vs.id as ConceptId,
    codes: (vs.compose?.include ?? []).flatMap((inc) => (inc.concept ?? []).map((c) => ({ system: inc.system ?? '', code: c.code, display: c.display ?? '' }))),
    prefixes: (vs.compose?.include ?? []).flatMap((inc) =>
      (inc.filter ?? []).filter((f) => f.op === 'is-a').map((f) => ({ system: inc.system ?? '', prefix: f.value, display: '' })),
    ),
  }));
  return buildCodeIndex(concepts);
}

const serviceIds = ['hamstring-twitch', 'hamstring-twitch-order-select', 'hamstring-twitch-order-sign'];

/** Canonical URLs are the service's own: fixed by its public URL, as behind a proxy. */
const publicConfig = { security: loadConfig({ CDS_PUBLIC_URL: PUBLIC_URL }).security };

describe('GET /fhir', () => {
  const app = testApp(publicConfig);

  describe('every published artifact', () => {
    it('is valid FHIR R4 by the offline validator, with no unknown element', async () => {
      const bundle = await read<Bundle>(app, '/fhir/ValueSet');
      const resources: Resource[] = [bundle, await read<CapabilityStatement>(app, '/fhir/metadata')];
      for (const entry of bundle.entry ?? []) resources.push(entry.resource!);
      for (const id of serviceIds) {
        resources.push(await read<PlanDefinition>(app, `/fhir/PlanDefinition/${id}`), await read<Library>(app, `/fhir/Library/${id}`));
      }
      assert.equal(resources.length, 2 + CONCEPTS.length + 2 * serviceIds.length);
      for (const resource of resources) assert.deepEqual(problems(resource), [], `${resource.resourceType}/${resource.id ?? ''}`);
    });

    it('would be refused by the validator if it carried an element R4 does not have', () => {
      assert.notDeepEqual(problems({ resourceType: 'PlanDefinition', status: 'active', action: [{ relatedArtifact: [] }] }), []);
    });
  });

  describe('GET /fhir/ValueSet', () => {
    it('is a searchset Bundle with one ValueSet per concept the service reads, each with its source', async () => {
      const bundle = await read<Bundle>(app, '/fhir/ValueSet');
      assert.equal(bundle.type, 'searchset');
      assert.deepEqual(
        bundle.entry?.map((e) => e.resource?.id),
        CONCEPTS.map((c) => c.id),
      );
      for (const entry of bundle.entry ?? []) assert.match((entry.resource as ValueSet).description ?? '', /Source: \S/);
    });

    it('finds one by _id or by canonical url, and refuses a search parameter it does not support', async () => {
      const byId = await read<Bundle>(app, '/fhir/ValueSet?_id=magnesium');
      assert.deepEqual(
        byId.entry?.map((e) => e.resource?.id),
        ['magnesium'],
      );
      const url = (byId.entry?.[0].resource as ValueSet).url!;
      assert.equal(url, `${PUBLIC_URL}/fhir/ValueSet/magnesium`);
      const byUrl = await read<Bundle>(app, `/fhir/ValueSet?url=${encodeURIComponent(url)}`);
      assert.equal(byUrl.total, 1);
      const refused = await read<OperationOutcome>(app, '/fhir/ValueSet?code=19123-9', 400);
      assert.equal(refused.issue[0].code, 'not-supported');
    });
  });

  describe('GET /fhir/ValueSet/{id}', () => {
    it('expands a concept with every code, system and display the rules match', async () => {
      const vs = await read<ValueSet>(app, '/fhir/ValueSet/magnesium');
      assert.deepEqual(vs.expansion?.contains, [
        { system: 'http://loinc.org', code: '19123-9', display: 'Magnesium [Mass/volume] in Serum or Plasma' },
        { system: 'http://loinc.org', code: '2601-3', display: 'Magnesium [Moles/volume] in Serum or Plasma' },
        { system: 'http://www.ama-assn.org/go/cpt', code: '83735', display: 'Magnesium' },
      ]);
    });

    it('gives an ICD-10-CM family matched by prefix as an is-a filter, lists its head code and says so', async () => {
      const vs = await read<ValueSet>(app, '/fhir/ValueSet/hamstringInjury');
      assert.deepEqual(
        vs.compose?.include.find((inc) => inc.system === ICD10CM),
        { system: ICD10CM, filter: [{ property: 'concept', op: 'is-a', value: 'S76.3' }] },
      );
      assert.ok(vs.expansion?.contains?.some((c) => c.system === ICD10CM && c.code === 'S76.3'));
      assert.match(vs.description ?? '', /S76\.3- .*matched by prefix/);
    });

    it('is read-only: another method answers 405', async () => {
      await request(app).put('/fhir/ValueSet/magnesium').send({}).expect(405);
    });

    it('answers an unknown id with 404 and an OperationOutcome', async () => {
      const outcome = await read<OperationOutcome>(app, '/fhir/ValueSet/noSuchConcept', 404);
      assert.equal(outcome.resourceType, 'OperationOutcome');
      assert.equal(outcome.issue[0].code, 'not-found');
      await read<OperationOutcome>(app, '/fhir/PlanDefinition/no-such-service', 404);
      await read<OperationOutcome>(app, '/fhir/Library/no-such-service', 404);
    });
  });

  describe('with a site terminology file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'site-terms-'));
    const file = path.join(dir, 'terminology.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        concepts: { twitching: [{ system: 'urn:site:problems', code: 'TW-1', display: 'Twitching of muscle (local)' }] },
        icd10cmPrefixes: { muscleCramp: [{ prefix: 'M62.83', display: 'Muscle spasm' }] },
      }),
    );
    const siteApp = testApp({ ...publicConfig, terminologyFile: file });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("adds the site's codes to the concept's expansion and names them as the site's", async () => {
      const vs = await read<ValueSet>(siteApp, '/fhir/ValueSet/twitching');
      assert.deepEqual(vs.expansion?.contains?.at(-1), { system: 'urn:site:problems', code: 'TW-1', display: 'Twitching of muscle (local)' });
      assert.match(vs.description ?? '', /Added by this site's terminology file.*urn:site:problems\|TW-1/);
      const cramp = await read<ValueSet>(siteApp, '/fhir/ValueSet/muscleCramp');
      assert.ok(cramp.compose?.include.some((inc) => inc.filter?.[0]?.value === 'M62.83'));
      assert.deepEqual(problems(vs), []);
    });
  });

  describe('agreement with the running code', () => {
    it('the value sets read back as the very index the rules match codes with', async () => {
      const bundle = await read<Bundle>(app, '/fhir/ValueSet');
      const published = indexOfValueSets((bundle.entry ?? []).map((e) => e.resource as ValueSet));
      for (const [system, codes] of BUILT_IN_INDEX.exact) {
        for (const [code, indexed] of codes) assert.deepEqual(published.exact.get(system)?.get(code)?.concepts, indexed.concepts, `${system}|${code}`);
      }
      assert.deepEqual(
        [...published.exact.keys()].map((system) => [system, published.exact.get(system)!.size]),
        [...BUILT_IN_INDEX.exact.keys()].map((system) => [system, BUILT_IN_INDEX.exact.get(system)!.size]),
      );
      for (const probe of ['S76.311A', 'M54.30', 'I70.213', 'G56.02', 'M62.551']) {
        assert.deepEqual(conceptsIn(published, ICD10CM, probe), conceptsIn(BUILT_IN_INDEX, ICD10CM, probe), probe);
      }
      assert.deepEqual(conceptsIn(published, SNOMED, '82470000'), ['twitching']);
    });

    it("every code a service's prefetch asks for is in the value set of the concept the rules read it as", async () => {
      const discovery = (await request(app).get('/cds-services').expect(200)).body as { services: { prefetch: Record<string, string> }[] };
      const templates = discovery.services.flatMap((s) => Object.values(s.prefetch));
      const codings = templates.flatMap(templateCodings);
      assert.ok(codings.length > 40);
      for (const { system, code } of codings) {
        const concepts = conceptsIn(BUILT_IN_INDEX, system, code);
        assert.ok(concepts.length > 0, `${system}|${code} names no concept`);
        for (const concept of concepts) {
          const vs = await read<ValueSet>(app, `/fhir/ValueSet/${concept}`);
          assert.ok(
            vs.expansion?.contains?.some((c) => c.system === system && c.code === code),
            `${system}|${code} not in ${concept}`,
          );
        }
      }
    });

    it("discovery's prefetch equals each Library's data requirements, key by key", async () => {
      const discovery = (await request(app).get('/cds-services').expect(200)).body as { services: { id: string; prefetch: Record<string, string> }[] };
      for (const service of discovery.services) {
        const lib = await read<Library>(app, `/fhir/Library/${service.id}`);
        assert.deepEqual(prefetchOf(lib.dataRequirement ?? []), service.prefetch, service.id);
        for (const requirement of lib.dataRequirement ?? []) {
          assert.equal(requirement.type, /^[A-Za-z]+/.exec(service.prefetch[requirement.id!])?.[0]);
        }
      }
    });

    it('every card a fixture expects from a service is an action of its PlanDefinition, following the lines the card follows', async () => {
      const actions = new Map<string, PlanDefinitionAction[]>();
      for (const id of serviceIds) {
        const plan = await read<PlanDefinition>(app, `/fhir/PlanDefinition/${id}`);
        actions.set(id, plan.action?.[0].action ?? []);
      }
      let checked = 0;
      for (const file of listFixtures()) {
        const fixture = readFixture(file);
        for (const run of fixtureRuns(fixture)) {
          for (const card of fixture.expect.cards ?? []) {
            const action = actions.get(run.service)?.find((a) => a.id === card.finding);
            assert.ok(action, `${path.basename(file)}: ${card.finding} is not an action of ${run.service}`);
            assert.ok(
              action.documentation?.some((d) => d.label === card.follows),
              `${card.finding} does not list ${card.follows}`,
            );
            checked++;
          }
        }
      }
      assert.ok(checked > 50);
    });

    it('the PlanDefinitions together have one action per card definition, each with its title and its lines anchored on the approach page', async () => {
      const page = (await request(app).get('/approach').expect(200)).text;
      const seen = new Set<string>();
      for (const id of serviceIds) {
        const plan = await read<PlanDefinition>(app, `/fhir/PlanDefinition/${id}`);
        assert.equal(plan.type?.coding?.[0].code, 'eca-rule');
        const [service] = plan.action ?? [];
        assert.equal(service.trigger?.[0].type, 'named-event');
        for (const action of service.action ?? []) {
          const definition = CARD_DEFINITIONS[action.id as keyof typeof CARD_DEFINITIONS];
          assert.equal(action.title, definition.title);
          assert.deepEqual(
            action.documentation?.map((d) => d.label),
            [...definition.lines],
          );
          for (const doc of action.documentation ?? []) {
            const anchor = new URL(doc.url!).hash.slice(1);
            assert.ok(page.includes(`id="${anchor}"`), `no anchor ${anchor}`);
          }
          seen.add(action.id!);
        }
      }
      assert.deepEqual([...seen].sort(), Object.keys(CARD_DEFINITIONS).sort());
    });

    it("names each hook as its trigger and each input's value set among the published ones", async () => {
      const discovery = (await request(app).get('/cds-services').expect(200)).body as { services: { id: string; hook: string }[] };
      const urls = new Set(((await read<Bundle>(app, '/fhir/ValueSet')).entry ?? []).map((e) => (e.resource as ValueSet).url));
      for (const service of discovery.services) {
        const plan = await read<PlanDefinition>(app, `/fhir/PlanDefinition/${service.id}`);
        assert.equal(plan.action?.[0].trigger?.[0].name, service.hook);
        const inputs = plan.action?.[0].input ?? [];
        assert.ok(inputs.some((i) => i.type === 'Observation' && i.codeFilter?.[0].valueSet?.endsWith('/ValueSet/magnesium')));
        assert.ok(inputs.some((i) => i.type === 'Condition' && i.codeFilter?.[0].valueSet?.endsWith('/ValueSet/twitching')));
        for (const input of inputs) assert.ok(urls.has(input.codeFilter?.[0].valueSet), input.codeFilter?.[0].valueSet);
      }
    });
  });

  describe('GET /fhir/metadata', () => {
    it('lists ValueSet, PlanDefinition and Library with the ids served', async () => {
      const statement = await read<CapabilityStatement>(app, '/fhir/metadata');
      assert.equal(statement.fhirVersion, '4.0.1');
      const resources = statement.rest?.[0].resource ?? [];
      assert.deepEqual(
        resources.map((r) => r.type),
        ['ValueSet', 'PlanDefinition', 'Library'],
      );
      assert.match(resources[1].documentation ?? '', /hamstring-twitch-order-sign/);
    });
  });
});

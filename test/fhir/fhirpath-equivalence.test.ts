/**
 * The accessors can never drift from FHIRPath's meaning: every expression the service reads,
 * evaluated by its compiled accessor and by fhirpath.js, must give deep-equal answers on every
 * resource of every fixture (prefetch, draft orders, contained resources), on odd and hostile
 * resources made by hand, and on resources generated from the fields the expressions name.
 * A few expressions beyond the table (first(), ofType(), type names) keep the rest of the subset
 * honest. Where fhirpath.js cannot answer at all (it throws or would run for hours), the
 * accessors' own answer is pinned instead.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { compileAccessor, type Accessor } from '../../src/fhir/fhirpath-accessors';
import { FHIRPATH_EXPRESSIONS, R4_TYPES, read, type PathName } from '../../src/fhir/fhirpath';
import { listFixtures, readFixture } from '../../src/fixtures/runner';

const BEYOND_THE_TABLE = [
  'bodySite.coding.first()',
  'bodySite.coding.first().code',
  'code.coding.ofType(Coding).system',
  'value.ofType(Quantity)',
  'value.ofType(CodeableConcept).coding.code',
  'effective.ofType(Period).start',
  'onset.ofType(dateTime)',
  'Observation.code.text',
  'DomainResource.status',
  'status.extension.url',
  'code.extension',
  'component.code.coding.code',
];

interface Pair {
  expression: string;
  accessor: Accessor;
  viaFhirpath: (resource: unknown) => unknown[];
}

/** What the service's callers get from fhirpath.js: its answer, or nothing when it throws. */
function fhirpathAnswer(evaluate: (resource: unknown) => unknown[], resource: unknown): unknown[] {
  try {
    return evaluate(resource);
  } catch {
    return [];
  }
}

function pairFor(expression: string): Pair {
  const accessor = compileAccessor(expression, r4, R4_TYPES);
  assert.ok(accessor, `${expression} should compile to an accessor`);
  return { expression, accessor, viaFhirpath: fhirpath.compile(expression, r4) as (resource: unknown) => unknown[] };
}

const TABLE = Object.entries(FHIRPATH_EXPRESSIONS).map(([name, expression]) => ({ name: name as PathName, ...pairFor(expression) }));
const ALL = [...TABLE, ...BEYOND_THE_TABLE.map(pairFor)];

/** The accessor's answer must equal fhirpath.js's on `resource`; returns whether it was non-empty. */
function assertSameAnswer(pair: Pair, resource: unknown, where: string): boolean {
  const fast = pair.accessor(resource);
  const slow = fhirpathAnswer(pair.viaFhirpath, resource);
  assert.deepStrictEqual(fast, slow, `${pair.expression} on ${where}: accessor ${JSON.stringify(fast)}, fhirpath.js ${JSON.stringify(slow)}`);
  return slow.length > 0;
}

/** A resource and what is inside it: Bundle entries (nested Bundles too) and contained resources. */
function resourcesIn(value: unknown, into: unknown[] = []): unknown[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return into;
  const resource = value as Record<string, unknown>;
  if (typeof resource.resourceType !== 'string') return into;
  into.push(resource);
  for (const entry of Array.isArray(resource.entry) ? resource.entry : []) resourcesIn((entry as { resource?: unknown } | null)?.resource, into);
  for (const inner of Array.isArray(resource.contained) ? resource.contained : []) resourcesIn(inner, into);
  return into;
}

interface FixtureRequest {
  prefetch?: Record<string, unknown>;
  context?: { draftOrders?: unknown };
}

const FIXTURE_RESOURCES = listFixtures().flatMap((file) => {
  const request = readFixture(file).request as FixtureRequest;
  const values = [...Object.values(request.prefetch ?? {}), request.context?.draftOrders];
  return values.flatMap((value) => resourcesIn(value)).map((resource, i) => ({ where: `${file} resource ${i}`, resource }));
});

/** Odd and hostile shapes, each naming what it tries. Parsed from JSON text, as the service receives them. */
const ODD_RESOURCES: { what: string; json: string }[] = [
  { what: 'choice elements of every kind', json: '{"resourceType":"ServiceRequest","occurrencePeriod":{"start":"2026-01-01"},"authoredOn":"2026-01-02"}' },
  { what: 'a performed Period', json: '{"resourceType":"Procedure","performedPeriod":{"start":"2026-01-01","end":"2026-01-02"},"status":"completed"}' },
  { what: 'a value that is null before the type that holds one', json: '{"resourceType":"Observation","valueQuantity":null,"valueString":"5"}' },
  { what: 'a choice present only as its companion', json: '{"resourceType":"Observation","_valueString":{"extension":[{"url":"x"}]},"valueBoolean":true}' },
  {
    what: 'two choice types at once',
    json: '{"resourceType":"Observation","effectivePeriod":{"start":"2020"},"effectiveDateTime":"2021","valueCodeableConcept":{"coding":[{"code":"a"}]},"valueQuantity":{"value":1}}',
  },
  {
    what: 'a primitive with extensions only',
    json: '{"resourceType":"Patient","_birthDate":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason"}]}}',
  },
  {
    what: 'a complex element sent as a companion',
    json: '{"resourceType":"Observation","_subject":{"reference":"Patient/other"},"_code":{"coding":[{"code":"x"}],"text":"t"}}',
  },
  {
    what: 'companions beside an array, longer and shorter',
    json: '{"resourceType":"Observation","interpretation":[{"coding":[{"code":"L"}],"_coding":[null,{"code":"H"},{"code":"N"}]},{"coding":[],"_coding":[{"code":"A"}]}]}',
  },
  {
    what: 'a companion that is a string beside an array',
    json: '{"resourceType":"Condition","bodySite":[{"coding":[],"_coding":"ab"},{"coding":[{"code":"x"}],"_coding":"xyz"}]}',
  },
  {
    what: 'a companion object with a length and index keys',
    json: '{"resourceType":"Condition","bodySite":[{"coding":[{"code":"a"}],"_coding":{"length":5,"3":{"code":"y"},"9":{"code":"z"},"01":{"code":"w"}}}]}',
  },
  {
    what: 'a companion whose length is text, an array, true',
    json: '{"resourceType":"Condition","bodySite":[{"coding":[],"_coding":{"length":"2","1":{"code":"s"}}},{"coding":[],"_coding":{"length":[2],"1":{"code":"t"}}},{"coding":[],"_coding":{"length":true,"0":{"code":"u"}}}]}',
  },
  {
    what: 'a companion whose length cannot be a number',
    json: '{"resourceType":"Condition","bodySite":[{"coding":[{"code":"a"}],"_coding":{"length":{"toString":1}}}]}',
  },
  {
    what: 'nested arrays',
    json: '{"resourceType":"Observation","status":[["final"]],"subject":[[{"reference":"Patient/a"}],{"reference":"Patient/b"}],"code":{"coding":[[{"code":"x"}],{"code":"y"}]}}',
  },
  {
    what: 'wrong types in every field read',
    json: '{"resourceType":"Condition","subject":5,"code":"R25.3","bodySite":true,"status":{"a":1},"clinicalStatus":[1,"x",null],"onsetDateTime":12,"recordedDate":["2026"],"abatementBoolean":"no"}',
  },
  {
    what: 'numbers where objects belong',
    json: '{"resourceType":"Observation","code":7,"subject":{"reference":3.5},"interpretation":[{"coding":0}],"referenceRange":-1,"valueInteger":0}',
  },
  {
    what: 'nulls everywhere',
    json: '{"resourceType":"Observation","status":null,"code":{"coding":[null,{"code":null}],"text":null},"subject":null,"effectiveDateTime":null,"_status":null}',
  },
  {
    what: 'empty arrays and objects',
    json: '{"resourceType":"Observation","status":[],"code":{},"subject":{"reference":[]},"interpretation":[],"_interpretation":[]}',
  },
  {
    what: 'prototype keys',
    json: '{"resourceType":"Observation","__proto__":{"status":"final"},"constructor":{"prototype":{"code":1}},"code":{"__proto__":{"coding":[{"code":"x"}]},"coding":[{"__proto__":{"code":"y"}}]},"subject":{"reference":{"__proto__":1}}}',
  },
  {
    what: 'members named like inherited properties',
    json: '{"resourceType":"Observation","status":"final","toString":"x","valueOf":{"a":1},"hasOwnProperty":2,"code":{"text":"t","toString":1}}',
  },
  {
    what: 'a nested object with a resourceType',
    json: '{"resourceType":"Observation","code":{"resourceType":"coding","text":"t"},"subject":{"resourceType":"reference","reference":"x"},"valueQuantity":{"resourceType":"Observation","effectiveDateTime":"2026"}}',
  },
  {
    what: 'a resourceType that is an array or an object',
    json: '{"resourceType":"Observation","code":{"resourceType":["Observation"],"valueString":"s","coding":[{"code":"a"}],"text":"t"},"bodySite":{"resourceType":{"toString":1},"text":"t"}}',
  },
  { what: 'a resource named after a member', json: '{"resourceType":"status","status":"final","code":{"text":"t"}}' },
  { what: 'a resource named like a system type', json: '{"resourceType":"System.code","code":{"text":"t"}}' },
  { what: 'an empty resourceType', json: '{"resourceType":"","status":"final","valueString":"v","code":{"text":"t"}}' },
  { what: 'an unknown resourceType', json: '{"resourceType":"NotAType","status":"final","value":"v","valueString":"s","effective":"e"}' },
  { what: 'a decimal and a huge number', json: '{"resourceType":"Observation","valueQuantity":{"value":1e21},"status":-0,"issued":1e999}' },
  { what: 'a long string', json: `{"resourceType":"Observation","status":"${'x'.repeat(100_000)}","code":{"text":"${'y'.repeat(100_000)}"}}` },
  {
    what: 'many codings',
    json: JSON.stringify({ resourceType: 'Observation', code: { coding: Array.from({ length: 10_000 }, (_, i) => ({ code: String(i) })) } }),
  },
  { what: 'a Bundle', json: '{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Observation","status":"final"}}],"status":"x"}' },
];

describe('FHIRPath accessors', () => {
  describe('on every resource of every fixture', () => {
    it('finds resources in the fixtures', () => {
      assert.ok(FIXTURE_RESOURCES.length > 500, `only ${FIXTURE_RESOURCES.length} resources found`);
    });

    for (const pair of ALL) {
      it(`answers ${pair.expression} as fhirpath.js does`, () => {
        for (const { where, resource } of FIXTURE_RESOURCES) assertSameAnswer(pair, resource, where);
      });
    }
  });

  describe('on odd and hostile resources', () => {
    for (const { what, json } of ODD_RESOURCES) {
      it(`answers every expression as fhirpath.js does: ${what}`, () => {
        for (const pair of ALL) assertSameAnswer(pair, JSON.parse(json), what);
      });
    }
  });

  describe('on every resource tried', () => {
    it('finds something for every expression of the table somewhere, so no comparison is of two empty answers only', () => {
      const resources = [...FIXTURE_RESOURCES.map((f) => f.resource), ...ODD_RESOURCES.map((o) => JSON.parse(o.json) as unknown)];
      const silent = TABLE.filter((pair) => !resources.some((resource) => pair.accessor(resource)?.length)).map((pair) => pair.name);
      assert.deepEqual(silent, []);
    });

    it('answers through read() what the accessor answers', () => {
      for (const { name, accessor } of TABLE) {
        for (const { resource } of FIXTURE_RESOURCES) assert.deepStrictEqual(read(name, resource), accessor(resource));
      }
    });
  });

  describe('on generated resources', () => {
    // The fields the expressions read, their companions, their neighbours and keys with a history.
    const KEYS = [
      ...new Set([
        ...Object.values(FHIRPATH_EXPRESSIONS).flatMap((expression) => expression.split('.')),
        ...['coding', 'code', 'system', 'text', 'reference', 'start', 'extension', 'url', 'id', 'length', '0', '1'],
        ...['valueQuantity', 'valueString', 'valueBoolean', 'valueCodeableConcept', 'effectiveDateTime', 'effectivePeriod'],
        ...['onsetDateTime', 'onsetString', 'abatementBoolean', 'medicationReference', 'occurrenceDateTime', 'performedPeriod'],
        ...['resourceType', '__proto__', 'constructor', 'toString', 'valueOf'],
      ]),
    ].flatMap((key) => [key, `_${key}`]);
    const TYPES = ['Observation', 'Condition', 'Coding', 'Quantity', 'CodeableConcept', 'coding', 'code', 'status', 'System.String', 'Foo', ''];
    const RESOURCE_TYPES = ['Observation', 'Condition', 'Patient', 'DiagnosticReport', 'ServiceRequest', 'Procedure', 'MedicationStatement', 'status', 'Foo'];
    const { value } = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom<unknown>(null, true, false, 0, -0, 1, 2.5, 1e21, '', 'x', '2026-01-01', ...TYPES),
        fc.array(tie('value'), { maxLength: 4 }),
        tie('object'),
      ),
      object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 6 }),
    }));
    const resource = fc
      .tuple(fc.constantFrom(...RESOURCE_TYPES), fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 8 }), fc.boolean())
      // Through JSON text, as the service receives it: `__proto__` becomes an own key.
      .map(
        ([resourceType, fields, keepOwnType]) => JSON.parse(JSON.stringify(keepOwnType ? { resourceType, ...fields } : { ...fields, resourceType })) as unknown,
      );

    it('answers every expression as fhirpath.js does', () => {
      fc.assert(
        fc.property(resource, (generated) => {
          for (const pair of ALL) assertSameAnswer(pair, generated, JSON.stringify(generated));
        }),
        { numRuns: 1_000 },
      );
    });
  });

  describe('where fhirpath.js gives no answer', () => {
    const bodySiteCodes = pairFor('bodySite.coding.code');

    it('answers a step of 200 000 items, where fhirpath.js runs out of call stack', () => {
      const codes = Array.from({ length: 200_000 }, (_, i) => String(i));
      const condition = { resourceType: 'Condition', bodySite: [{ coding: codes.map((code) => ({ code })) }] };
      assert.throws(() => bodySiteCodes.viaFhirpath(condition), RangeError);
      assert.deepStrictEqual(bodySiteCodes.accessor(condition), codes);
    });

    it('reads a companion with a length of 10^9 by its own keys, where fhirpath.js makes an item for every index', () => {
      const companion = (length: number) => ({
        resourceType: 'Condition',
        bodySite: [{ coding: [], _coding: { length, 3: { code: 'y' } } }, { coding: [{ code: 'x' }] }],
      });
      assert.deepStrictEqual(bodySiteCodes.accessor(companion(1e9)), ['y', 'x']);
      // The same shape with a length fhirpath.js can walk gives the same answer.
      assertSameAnswer(bodySiteCodes, companion(5), 'a companion of length 5');
    });

    it("reads a resource's own __path__ key as data, which fhirpath.js takes for its bookkeeping and fails on", () => {
      const observation = JSON.parse('{"resourceType":"Observation","__path__":true,"status":"final"}') as unknown;
      const status = pairFor('status');
      assert.throws(() => status.viaFhirpath(observation), TypeError);
      assert.deepStrictEqual(status.accessor(observation), ['final']);
    });
  });
});

/**
 * Which expressions become plain accessors and which are left to fhirpath.js. What the accessors
 * answer is held to fhirpath.js's answers in fhirpath-equivalence.test.ts.
 */
import assert from 'node:assert/strict';
import r4 from 'fhirpath/fhir-context/r4';
import { compileAccessor } from '../../src/fhir/fhirpath-accessors';
import { FHIRPATH_EXPRESSIONS, R4_TYPES } from '../../src/fhir/fhirpath';

const compiles = (expression: string) => compileAccessor(expression, r4, R4_TYPES) !== undefined;

describe('compileAccessor', () => {
  describe('every expression the service reads', () => {
    for (const [name, expression] of Object.entries(FHIRPATH_EXPRESSIONS)) {
      it(`compiles ${name} (${expression}), so fhirpath.js never runs on a request`, () => {
        assert.ok(compiles(expression));
      });
    }
  });

  describe('with an expression in the subset', () => {
    const inside = [
      ['a member of the resource', 'status'],
      ['a member path', 'clinicalStatus.coding.code'],
      ['a choice element', 'value'],
      ['spaces between the steps', 'subject . reference'],
      ['first()', 'code.coding.first().code'],
      ['ofType() of a complex type', 'value.ofType(Quantity)'],
      ['ofType() of a primitive type', 'onset.ofType(dateTime).extension'],
      ['a type name first', 'Observation.code.text'],
    ];
    for (const [what, expression] of inside) {
      it(`compiles ${what}: ${expression}`, () => {
        assert.ok(compiles(expression));
      });
    }
  });

  describe('with an expression outside the subset', () => {
    const outside = [
      ['where()', "code.coding.where(system = 'http://loinc.org')"],
      ['another function', 'status.exists()'],
      ['a function first', 'first()'],
      ['an operator', "status = 'final'"],
      ['a union', 'status | code'],
      ['an indexer', 'code.coding[0]'],
      ['an environment variable', '%resource.status'],
      ['$this', '$this.status'],
      ['a delimited identifier', '`value`'],
      ['ofType() of a system type other than Quantity', 'value.ofType(String)'],
      ['ofType() of a namespaced type', 'value.ofType(FHIR.Quantity)'],
      ['ofType() of an unknown type', 'value.ofType(Nonsense)'],
      ['a property a string inherits', 'status.length'],
      ['a property every object inherits', 'code.constructor'],
      ['a property of the decimal wrapper fhirpath.js reads after the first step', 'valueQuantity.value'],
      ['a keyword', 'code.as'],
      ['text that does not parse', 'code..coding'],
      ['nothing', ''],
    ];
    for (const [what, expression] of outside) {
      it(`leaves ${what} to fhirpath.js: ${expression}`, () => {
        assert.equal(compiles(expression), false);
      });
    }
  });

  describe('given something other than a JSON object', () => {
    it('leaves it to fhirpath.js', () => {
      const status = compileAccessor('status', r4, R4_TYPES)!;
      for (const input of [null, undefined, 'Observation', 5, [{ resourceType: 'Observation', status: 'final' }]]) {
        assert.equal(status(input), undefined, JSON.stringify(input));
      }
    });
  });
});

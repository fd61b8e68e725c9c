/**
 * Plain JavaScript accessors for the simplest FHIRPath expressions: member paths (`code.coding`,
 * `subject.reference`, choice elements such as `value` or `effective`), `first()` and
 * `ofType(T)`. Each accessor is compiled once from the expression's own parse tree (fhirpath.js's
 * parser) and walks a resource the way fhirpath.js 5.2 does (`makeChildResNodes` and
 * `MemberInvocation` in its source), so its answer is the one fhirpath.js gives, for a fraction of
 * the cost (0.1-0.3 µs against 1-2 µs an evaluation here: fhirpath.js wraps every value it passes
 * in an object and sets up a context per call). `compileAccessor` returns undefined for anything
 * outside that subset: the caller evaluates it with fhirpath.js.
 *
 * What fhirpath.js does and the accessors therefore do too:
 * - each step reads the member from every item of the previous step; an array is one item per
 *   element (one level only: a nested array is an item);
 * - a choice element (`value`) is the first of the model's types present, in the model's order
 *   (`valueQuantity` before `valueString`), even when it holds null; the type becomes the item's
 *   place in the model, which decides what its own choice elements are;
 * - the `_name` companion of a primitive (its extensions and id) travels with the item: a member
 *   missing from the item is read from its companion, a companion without a value is an item whose
 *   value is null, and items whose value is null or missing are left out of the answer;
 * - an object with a `resourceType` is placed in the model as that type (a contained resource),
 *   and a member whose name is an item's `resourceType` (or, first in the expression, a type the
 *   resource is) answers the item itself;
 * - a value that fhirpath.js cannot turn into a model path (a `resourceType` object whose text
 *   cannot be made) makes the whole answer empty, as fhirpath.js's exception does in our callers.
 *
 * Where the accessors deliberately differ, on input no FHIR sender produces (the equivalence test
 * pins each):
 * - a step of more than about 125 000 items makes fhirpath.js throw (it passes them to
 *   `Array.prototype.push` as arguments); the accessors answer them;
 * - a `_name` companion of an array that is an object with a huge `length` makes fhirpath.js build
 *   one item per index (seconds per million, and a crash for 10^9); the accessors look only at the
 *   companion's own keys;
 * - fhirpath.js takes a resource's own `__path__` key for its bookkeeping (and may throw); the
 *   accessors read it as data, which no expression names.
 *
 * Only own properties are read (`Object.hasOwn`). A member name that a JSON value or fhirpath.js's
 * number wrapper inherits (`length`, `constructor`, `toString`, `value` of a decimal...) is where
 * fhirpath.js reads inherited properties, so such an expression is left to fhirpath.js.
 */
import * as fhirpath from 'fhirpath';

/** The parts of fhirpath.js's model (`fhirpath/fhir-context/r4`) that navigation uses. */
export interface FhirModel {
  choiceTypePaths: Readonly<Record<string, readonly string[]>>;
  pathsDefinedElsewhere: Readonly<Record<string, string>>;
  type2Parent: Readonly<Record<string, string>>;
  path2Type: Readonly<Record<string, string>>;
  path2TypeWithoutElements: Readonly<Record<string, string>>;
}

/** An accessor's answer; undefined when its input is not a JSON object, which it leaves to fhirpath.js. */
export type Accessor = (resource: unknown) => unknown[] | undefined;

type Step = { kind: 'member'; name: string } | { kind: 'first' } | { kind: 'ofType'; type: string };

/** One item of a collection, as fhirpath.js's ResourceNode holds it. */
interface Item {
  data: unknown;
  /** The `_name` companion beside a primitive, or null. */
  companion: unknown;
  /** Where the item sits in the model (a type name or an element path), which names its members; null when unknown. */
  path: unknown;
  /** Its FHIR type according to the model, or null. */
  type: unknown;
  /** Its own resourceType, when it is an object that has one. */
  resourceType: unknown;
}

/** Where a member's value is read from, and what the model says the value is. */
interface MemberTarget {
  field: string;
  companionField: string;
  path: string | null;
  type: string | null;
}

interface MemberResolution {
  /** A choice element: the first target present wins. Otherwise a single target. */
  choice: boolean;
  targets: readonly MemberTarget[];
}

// The FHIRPath spec's system types. Of them only Quantity is also a FHIR type name, and no value
// read from a resource is of a system type, so `ofType` of the others is left to fhirpath.js.
const SYSTEM_TYPES = new Set(['Boolean', 'String', 'Integer', 'Long', 'Decimal', 'Date', 'DateTime', 'Time', 'Quantity']);
const KEYWORDS = new Set(['and', 'or', 'xor', 'implies', 'is', 'as', 'in', 'contains', 'div', 'mod', 'true', 'false']);
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

function inheritedNames(samples: readonly unknown[]): ReadonlySet<string> {
  const names = new Set<string>();
  for (const sample of samples) {
    for (let o: unknown = Object(sample); o !== null; o = Object.getPrototypeOf(o)) {
      for (const name of Object.getOwnPropertyNames(o)) names.add(name);
    }
  }
  return names;
}

/** What the first step reads from: the resource, a JSON object. */
const RESOURCE_INHERITS = inheritedNames([{}]);

/**
 * What later steps may read from: any JSON value, and the FP_Decimal object fhirpath.js makes of a
 * number, whose properties (`value`, `asStr`...) fhirpath.js's next step reads.
 */
const VALUE_INHERITS = inheritedNames([
  {},
  [],
  'text',
  0,
  true,
  ...(fhirpath.evaluate({ resourceType: 'Basic', n: 1 }, 'n', undefined, undefined, { resolveInternalTypes: false }) as { data?: unknown }[]).map(
    (node) => node.data,
  ),
]);

function own(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function ownIndex(value: unknown, index: number): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, index) ? (value as Record<number, unknown>)[index] : undefined;
}

function ownString(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = own(record, key);
  return typeof value === 'string' ? value : undefined;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
}

/** An item for a value; an object with a truthy resourceType is placed as that type, as fhirpath.js does. */
function itemOf(data: unknown, companion: unknown, path: string | null, type: string | null): Item {
  const resourceType = own(data, 'resourceType');
  if (resourceType) return { data, companion: companion || null, path: resourceType, type: resourceType, resourceType };
  return { data, companion: companion || null, path, type, resourceType };
}

/**
 * The text fhirpath.js makes of a model path or type when it concatenates or looks it up. Only a
 * resourceType sent as an array or object is not already a string; JSON has no functions, so
 * converting it runs no code, and where fhirpath.js's conversion throws, so does this one.
 */
function pathText(path: unknown): string {
  return typeof path === 'string' ? path : String(path);
}

// ---------------------------------------------------------------------------------------------
// Parsing: fhirpath.js's parse tree, reduced to steps, or undefined when outside the subset
// ---------------------------------------------------------------------------------------------

interface AstNode {
  type: string;
  text?: string;
  children?: AstNode[];
}

function isAstNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function childrenOf(node: AstNode): AstNode[] {
  return Array.isArray(node.children) ? node.children.filter(isAstNode) : [];
}

function only(node: AstNode, type: string): AstNode | undefined {
  const children = childrenOf(node);
  return children.length === 1 && children[0].type === type ? children[0] : undefined;
}

function identifierOf(node: AstNode | undefined): string | undefined {
  const identifier = node && only(node, 'Identifier');
  return typeof identifier?.text === 'string' && PLAIN_NAME.test(identifier.text) ? identifier.text : undefined;
}

function memberStep(node: AstNode): Step | undefined {
  const name = identifierOf(node);
  return name !== undefined ? { kind: 'member', name } : undefined;
}

function functionStep(node: AstNode, availableTypes: ReadonlySet<string>): Step | undefined {
  const call = only(node, 'Functn');
  const [nameNode, params, ...rest] = call ? childrenOf(call) : [];
  if (!nameNode || nameNode.type !== 'Identifier' || rest.length > 0) return undefined;
  if (nameNode.text === 'first' && params === undefined) return { kind: 'first' };
  if (nameNode.text !== 'ofType' || params?.type !== 'ParamList') return undefined;
  const term = only(params, 'TermExpression');
  const invocation = term && only(term, 'InvocationTerm');
  const type = identifierOf(invocation && only(invocation, 'MemberInvocation'));
  if (type === undefined || !availableTypes.has(type) || (SYSTEM_TYPES.has(type) && type !== 'Quantity')) return undefined;
  return { kind: 'ofType', type };
}

/** The expression's steps, first a member of the resource, or undefined when it is not a chain of steps. */
function stepsOf(node: AstNode, availableTypes: ReadonlySet<string>): Step[] | undefined {
  if (node.type === 'TermExpression') {
    const invocation = only(node, 'InvocationTerm');
    const member = invocation && only(invocation, 'MemberInvocation');
    const step = member && memberStep(member);
    return step ? [step] : undefined;
  }
  if (node.type !== 'InvocationExpression') return undefined;
  const [left, right, ...rest] = childrenOf(node);
  if (!left || !right || rest.length > 0) return undefined;
  const before = stepsOf(left, availableTypes);
  const step = right.type === 'MemberInvocation' ? memberStep(right) : right.type === 'FunctionInvocation' ? functionStep(right, availableTypes) : undefined;
  return before && step ? [...before, step] : undefined;
}

function parseSteps(expression: string, availableTypes: ReadonlySet<string>): Step[] | undefined {
  let tree: unknown;
  try {
    tree = fhirpath.parse(expression);
  } catch {
    return undefined;
  }
  // The parser wraps the expression in two EntireExpression nodes.
  const inner = isAstNode(tree) && tree.type === 'EntireExpression' ? only(tree, 'EntireExpression') : undefined;
  const children = inner ? childrenOf(inner) : [];
  return children.length === 1 ? stepsOf(children[0], availableTypes) : undefined;
}

/** Every field a choice element `name` may be sent as anywhere in the model (`value` → `valueQuantity`...). */
function choiceFieldsOf(name: string, model: FhirModel): string[] {
  const fields: string[] = [];
  for (const [path, suffixes] of Object.entries(model.choiceTypePaths)) {
    if (path.endsWith(`.${name}`)) for (const suffix of suffixes) fields.push(name + suffix);
  }
  return fields;
}

/**
 * A member the accessors read exactly as fhirpath.js does: a plain name, not a keyword, and no
 * field it is read from (itself, its choice fields, their `_` companions) inherited by a value the
 * step meets, since fhirpath.js reads inherited properties and the accessors read own ones.
 */
function isReadableMember(name: string, inherited: ReadonlySet<string>, model: FhirModel): boolean {
  if (KEYWORDS.has(name)) return false;
  return [name, ...choiceFieldsOf(name, model)].every((field) => !inherited.has(field) && !inherited.has(`_${field}`));
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

/** The model's look-ups one accessor makes, remembered for the paths and types the model knows. */
class ModelLookups {
  private readonly ancestors = new Map<string, readonly string[]>();

  constructor(readonly model: FhirModel) {}

  /** A path or type named by the model; others (a hostile resourceType) are not remembered. */
  knows(path: string): boolean {
    return own(this.model.path2Type, path) !== undefined || own(this.model.type2Parent, path) !== undefined;
  }

  /** The types `type` derives from, nearest first (type2Parent), itself excluded. */
  ancestorsOf(type: string): readonly string[] {
    const known = this.ancestors.get(type);
    if (known) return known;
    const chain: string[] = [];
    for (let parent = ownString(this.model.type2Parent, type); parent !== undefined; parent = ownString(this.model.type2Parent, parent)) chain.push(parent);
    if (this.knows(type)) this.ancestors.set(type, chain);
    return chain;
  }

  /** fhirpath.js's `is`/`ofType` on an item's model type: the type itself, a type it derives from, or its system type. */
  isOfType(itemType: unknown, type: string, quantityConverts: boolean): boolean {
    if (!itemType) return false;
    const text = pathText(itemType);
    const system = /^System\.(.*)$/.exec(text);
    if (system) return system[1] === type;
    return itemType === type || (quantityConverts && type === 'Quantity' && text === 'Quantity') || this.ancestorsOf(text).includes(type);
  }
}

/** Where a step's items go: into the next step's collection, or, for the last step, the answer. */
interface Collector {
  add(data: unknown, companion: unknown, target: MemberTarget): void;
  /** An item that can yield nothing but its place (see addTrailingCompanions). */
  addPlaceholder(target: MemberTarget): void;
  /** The item itself, as the member's answer. */
  keep(item: Item): void;
}

class ItemCollector implements Collector {
  readonly items: Item[] = [];
  add(data: unknown, companion: unknown, target: MemberTarget): void {
    this.items.push(itemOf(data, companion, target.path, target.type));
  }
  addPlaceholder(target: MemberTarget): void {
    this.items.push({ data: null, companion: null, path: target.path, type: target.type, resourceType: undefined });
  }
  keep(item: Item): void {
    this.items.push(item);
  }
}

/**
 * fhirpath.js leaves items without a value out of its answer. Most answers hold one value: it is
 * kept apart, and the answer made at the end in its exact size (a list grown by push reserves room
 * for 16, and an accessor runs for every result of a chart).
 */
class ValueCollector implements Collector {
  private first: unknown = undefined;
  private rest: unknown[] | undefined;

  add(data: unknown): void {
    if (data === null || data === undefined) return;
    if (this.first === undefined) this.first = data;
    else (this.rest ??= []).push(data);
  }

  values(): unknown[] {
    if (this.first === undefined) return [];
    return this.rest === undefined ? [this.first] : [this.first, ...this.rest];
  }
  addPlaceholder(): void {
    // A placeholder holds no value.
  }
  keep(item: Item): void {
    this.add(item.data);
  }
}

/** `_name[i]` beside the i-th element of an array, as fhirpath.js reads it (`_toAdd && _toAdd[i]`). */
function companionAt(companion: unknown, index: number): unknown {
  if (!companion) return companion;
  if (typeof companion === 'string') return companion[index];
  return ownIndex(companion, index);
}

const INDEX_KEY = /^(?:0|[1-9]\d{0,15})$/;

/**
 * The items fhirpath.js adds after an array's elements for the companion's further entries (values
 * with only extensions). Its loop runs to the companion's `length`, whatever that is; items whose
 * companion is not an object can yield nothing but their place, so one stands for each run of them.
 */
function addTrailingCompanions(into: Collector, companion: unknown, from: number, target: MemberTarget): void {
  if (companion === null || companion === undefined) return;
  if (Array.isArray(companion)) {
    for (let i = from; i < companion.length; i++) into.add(null, companion[i], target);
    return;
  }
  const length = typeof companion === 'string' ? companion.length : own(companion, 'length');
  // fhirpath.js compares the index with `length || 0`: the comparison converts it to a number.
  const end = Number(length || 0);
  if (!(from < end)) return;
  const placeholder = () => into.addPlaceholder(target);
  if (typeof companion !== 'object') {
    placeholder();
    return;
  }
  const indices = Object.keys(companion)
    .filter((key) => INDEX_KEY.test(key))
    .map(Number)
    .filter((index) => index >= from && index < end)
    .sort((a, b) => a - b);
  let next = from;
  for (const index of indices) {
    if (index > next) placeholder();
    into.add(null, ownIndex(companion, index), target);
    next = index + 1;
  }
  if (next < end) placeholder();
}

/** One member step of an expression, with the model look-ups it has made by the path of the item it reads. */
class MemberReader {
  private readonly resolutions = new Map<string, MemberResolution>();
  private readonly rootAnswers = new Map<string, boolean>();
  private readonly untyped: MemberResolution;

  constructor(
    readonly name: string,
    private readonly lookups: ModelLookups,
  ) {
    this.untyped = { choice: false, targets: [{ field: name, companionField: `_${name}`, path: null, type: null }] };
  }

  /** Reads the member from each item into `into`. */
  read(items: readonly Item[], into: Collector): void {
    for (const item of items) this.readFrom(item, into, false);
  }

  /** Reads the member from one item into `into`; `atRoot` for the expression's first step, on the resource. */
  readFrom(item: Item, into: Collector, atRoot: boolean): void {
    // fhirpath.js's legacy rule: a member named after an item's resourceType is the item itself;
    // first in the expression, so is a type the resource is (`Observation.code`).
    if (item.resourceType === this.name || (atRoot && this.rootIsOfType(item))) into.keep(item);
    else this.readMember(item, into);
  }

  private rootIsOfType(root: Item): boolean {
    if (!root.type) return this.name === 'Object'; // fhirpath.js's system type of an untyped object
    if (typeof root.type !== 'string') return this.lookups.isOfType(root.type, this.name, false);
    let answer = this.rootAnswers.get(root.type);
    if (answer === undefined) {
      answer = this.lookups.isOfType(root.type, this.name, false);
      if (this.lookups.knows(root.type)) this.rootAnswers.set(root.type, answer);
    }
    return answer;
  }

  /** Where fhirpath.js looks for the member under an item at `parentPath`, and what it then holds. */
  private resolve(parentPath: unknown): MemberResolution {
    if (parentPath === null) return this.untyped;
    const text = pathText(parentPath);
    const cached = this.resolutions.get(text);
    if (cached) return cached;
    const resolution = this.resolveUncached(text);
    if (this.lookups.knows(text)) this.resolutions.set(text, resolution);
    return resolution;
  }

  private resolveUncached(parentPath: string): MemberResolution {
    const { model } = this.lookups;
    const declared = `${parentPath}.${this.name}`;
    const childPath = ownString(model.pathsDefinedElsewhere, declared) || declared;
    const target = (field: string, path: string): MemberTarget => ({
      field,
      companionField: `_${field}`,
      type: ownString(model.path2Type, path) || null,
      path: ownString(model.path2TypeWithoutElements, path) || path,
    });
    const choiceTypes = own(model.choiceTypePaths, childPath);
    if (Array.isArray(choiceTypes)) {
      return { choice: true, targets: (choiceTypes as string[]).map((suffix) => target(this.name + suffix, childPath + suffix)) };
    }
    return { choice: false, targets: [target(this.name, this.name === 'extension' ? 'Extension' : childPath)] };
  }

  private readMember(item: Item, into: Collector): void {
    const resolution = this.resolve(item.path);
    const { data } = item;
    let value: unknown;
    let companion: unknown;
    let target: MemberTarget | undefined;
    if (resolution.choice) {
      for (const candidate of resolution.targets) {
        value = own(data, candidate.field);
        companion = own(data, candidate.companionField);
        if (value !== undefined || companion !== undefined) {
          target = candidate;
          break;
        }
      }
      if (!target) return;
    } else {
      target = resolution.targets[0];
      value = own(data, target.field);
      companion = own(data, target.companionField);
      if (value === undefined && companion === undefined) value = own(item.companion, target.field);
    }
    if (isEmpty(value) && isEmpty(companion)) return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) into.add(value[i], companionAt(companion, i), target);
      addTrailingCompanions(into, companion, value.length, target);
    } else if ((value === null || value === undefined) && Array.isArray(companion)) {
      for (const entry of companion) into.add(null, entry, target);
    } else {
      into.add(value, companion, target);
    }
  }
}

type CompiledStep = { kind: 'member'; reader: MemberReader } | { kind: 'first' } | { kind: 'ofType'; type: string };

/** A member step on the items before it, or on the resource alone when it is the expression's first. */
function readStep(reader: MemberReader, items: readonly Item[] | undefined, root: Item, into: Collector): void {
  if (items === undefined) reader.readFrom(root, into, true);
  else reader.read(items, into);
}

function evaluate(steps: readonly CompiledStep[], resource: object, lookups: ModelLookups): unknown[] {
  const root = itemOf(resource, null, null, null);
  // Undefined while the expression is still at the resource (compileAccessor makes its first step a member).
  let items: readonly Item[] | undefined;
  const last = steps.length - 1;
  for (let i = 0; i <= last; i++) {
    const step = steps[i];
    switch (step.kind) {
      case 'member': {
        if (i === last) {
          const answer = new ValueCollector();
          readStep(step.reader, items, root, answer);
          return answer.values();
        }
        const next = new ItemCollector();
        readStep(step.reader, items, root, next);
        items = next.items;
        break;
      }
      case 'first':
        items = (items ?? [root]).slice(0, 1);
        break;
      case 'ofType':
        items = (items ?? [root]).filter((item) => lookups.isOfType(item.type, step.type, true));
        break;
    }
  }
  const answer = new ValueCollector();
  for (const item of items ?? [root]) answer.keep(item);
  return answer.values();
}

/**
 * A plain JavaScript accessor for `expression`, or undefined when the expression is outside the
 * subset (then evaluate it with fhirpath.js). `availableTypes` is the model's set of type names
 * (the R4 model's `availableTypes`), which decides the types `ofType` may name.
 */
export function compileAccessor(expression: string, model: FhirModel, availableTypes: ReadonlySet<string>): Accessor | undefined {
  const steps = parseSteps(expression, availableTypes);
  const readable = steps?.every((step, i) => step.kind !== 'member' || isReadableMember(step.name, i === 0 ? RESOURCE_INHERITS : VALUE_INHERITS, model));
  if (!steps || !readable || steps[0].kind !== 'member') return undefined;
  const lookups = new ModelLookups(model);
  const compiled = steps.map((step): CompiledStep => (step.kind === 'member' ? { kind: 'member', reader: new MemberReader(step.name, lookups) } : step));
  return (resource) => {
    if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) return undefined;
    try {
      return evaluate(compiled, resource, lookups);
    } catch {
      // Only a conversion fhirpath.js also makes, and fails at, throws here (see pathText).
      return [];
    }
  };
}

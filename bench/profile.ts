/**
 * Summarises a V8 .cpuprofile (from `BENCH_CPU_PROF=dir npm run bench`): time by stage of a call
 * (body parsing, validation, FHIRPath, facts, rules, cards, response...), the functions with the
 * most self time, and the most inclusive time, by function and by source file.
 *
 *   npx tsx bench/profile.ts prof/CPU.*.cpuprofile [top] [--requests=N]
 *
 * With --requests (the responses the server sent while profiled, which the bench prints), the
 * stages are also given in µs per request.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function label(frame: CallFrame): string {
  const root = process.cwd();
  let file = frame.url.replace(/^file:\/\//, '');
  if (file.startsWith(root)) file = path.relative(root, file);
  file = file.replace(/^node_modules\//, 'nm/');
  return `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
}

/**
 * The stages of a call, as the leaf-most frame of a sample that names one (the service's files in
 * dist/, as the bench runs them, are read as their sources in src/). Frames that name none
 * (node's streams, the code lists of src/knowledge, FHIR dates and units) count for the stage that
 * called them. Start-up (loading and compiling modules) is counted apart so that it does not skew
 * the shares.
 */
const STARTUP = 'start-up (module loading)';
const BUILT = `${process.cwd()}/dist/`;
const SOURCES = `${process.cwd()}/src/`;
const LOADING = 'loading data (prefetch, fhirServer)';

const STAGES: readonly [stage: string, matches: (file: string, fn: string) => boolean][] = [
  ['garbage collection', (_file, fn) => fn === '(garbage collector)'],
  ['body parsing (express.json)', (file) => /node_modules\/(body-parser|raw-body|iconv-lite|content-type)\//.test(file)],
  ['validation (ajv)', (file) => /node_modules\/ajv|src\/http\/validate|src\/schemas\//.test(file)],
  ['client authentication (jose)', (file) => /node_modules\/jose\/|src\/security\/|src\/http\/auth/.test(file)],
  ['FHIRPath', (file) => /node_modules\/fhirpath\/|src\/fhir\/fhirpath/.test(file)],
  ['units (UCUM)', (file) => /node_modules\/@lhncbc\//.test(file)],
  // Routing walks the pool (src/fhir/resources: the walk, versions) with the visitor inlined into it.
  ['routing by code', (file) => /src\/facts\/route|src\/fhir\/resources/.test(file)],
  ['facts', (file) => /src\/facts\//.test(file)],
  // The approach's families (src/approach/<family>/: rule, order check, findings, cards).
  ['cards', (file) => /src\/cards\/|src\/approach\/.*cards/.test(file)],
  ['rules', (file) => /src\/rules\/|src\/approach\//.test(file)],
  [LOADING, (file) => /src\/fhir\/(data-loader|fhir-loader|fhir-client|prefetch-template)|node:_http_client|node:_http_agent|node:zlib/.test(file)],
  ['response (res.json, writing)', (file) => /express\/lib\/response|node:_http_outgoing/.test(file)],
  [
    'express routing and middleware',
    (file) => /node_modules\/(express|router|cors|finalhandler|on-finished|parseurl|vary|qs)\/|src\/http\/|src\/app/.test(file),
  ],
  ['services (evaluate: facts, rules and cards in turn)', (file) => /src\/services\//.test(file)],
  ['node HTTP server', (file) => /node:_http_server|node:_http_common|node:_http_incoming/.test(file)],
];

function stageOf(stack: readonly CallFrame[]): string {
  // Whatever runs while a module loads (compiling schemas and expressions too) is start-up.
  if (stack.some((frame) => /node:internal\/modules|node_modules\/(tsx|esbuild|get-tsconfig)\//.test(frame.url))) return STARTUP;
  // Node's HTTP parser serves its client too: under the client, it is the FHIR client's work.
  if (stack.some((frame) => frame.url === 'node:_http_client')) return LOADING;
  for (const frame of stack) {
    const file = frame.url.replace(/^file:\/\//, '').replace(BUILT, SOURCES);
    const found = STAGES.find(([, matches]) => matches(file, frame.functionName));
    if (found) return found[0];
  }
  return 'other (node internals, idle work)';
}

function summarise(file: string, top: number, requests?: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = profile.endTime - profile.startTime;
  const idleUs = [...selfUs].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
  const busyUs = totalUs - idleUs;

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const files = new Map<string, number>();
  const stages = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    const stack: CallFrame[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) stack.push(byId.get(cur)!.callFrame);
    const stage = stageOf(stack);
    stages.set(stage, (stages.get(stage) ?? 0) + us);
    self.set(label(frame), (self.get(label(frame)) ?? 0) + us);
    const fileKey = frame.url
      ? frame.url
          .replace(/^file:\/\//, '')
          .replace(process.cwd() + '/', '')
          .replace(/^(node_modules\/(@[^/]+\/)?[^/]+)\/.*/, '$1')
      : `(${frame.functionName})`;
    files.set(fileKey, (files.get(fileKey) ?? 0) + us);
    // Inclusive: every distinct function on the stack gets the sample once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!.callFrame);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + us);
    }
  }
  const pct = (us: number) => `${((100 * us) / busyUs).toFixed(1).padStart(5)}%`;
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${pct(us)} ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
    }
  };
  console.log(`${file}: ${(totalUs / 1e6).toFixed(1)} s profiled, ${(busyUs / 1e6).toFixed(1)} s busy (percentages of busy time)`);
  const startup = stages.get(STARTUP) ?? 0;
  console.log(`\nTime by stage${requests ? `, µs per request over ${requests} requests` : ''} (start-up apart)`);
  for (const [stage, us] of [...stages].sort((a, b) => b[1] - a[1])) {
    const share = stage === STARTUP ? '      ' : `${((100 * us) / (busyUs - startup)).toFixed(1).padStart(5)}%`;
    const perRequest = requests && stage !== STARTUP ? `${(us / requests).toFixed(1).padStart(8)} µs` : '';
    console.log(`  ${share} ${(us / 1000).toFixed(0).padStart(7)} ms ${perRequest}  ${stage}`);
  }
  print('Self time by function', self);
  print('Self time by file / package', files);
  print('Inclusive time by function', inclusive);
}

// Arguments: one or more .cpuprofile files (a shell glob may match several) and, optionally, how
// many rows to print (a bare number).
const args = process.argv.slice(2);
const requestsArg = args.find((a) => a.startsWith('--requests='));
const requests = requestsArg ? Number(requestsArg.slice('--requests='.length)) : undefined;
const files = args.filter((a) => !/^\d+$/.test(a) && !a.startsWith('--'));
const top = Number(args.find((a) => /^\d+$/.test(a)) ?? 25);
if (files.length === 0 || (requests !== undefined && !(requests > 0))) {
  process.stderr.write('usage: tsx bench/profile.ts FILE.cpuprofile... [top] [--requests=N]\n');
  process.exit(2);
}
for (const file of files) summarise(file, top, requests);

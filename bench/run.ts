/**
 * `npm run bench [-- scenario...]`: the service against a floor that only parses the same body
 * (express + express.json) and answers `{"cards":[]}`, each in a child process of its own
 * (bench/server.ts), driven from this process.
 *
 * Every measurement is paired: service and floor take turns, run for run, and each pair gives a
 * ratio. The report gives the median of the pair ratios and their spread, and a verdict only when
 * three pairs in four agree (otherwise UNSURE): on a shared machine a single run says little.
 * CPU is each server's own CPU time (all its threads) divided by the responses it sent, read from
 * the child itself; it moves far less than req/s when other work shares the cores.
 *
 * Scenarios (all by default, in this order; name some to run only those):
 *   typical       patient-view, the typical patient (~250 resources, twitching): CPU floor/service
 *   noTwitch      the same patient without twitching
 *   orderSign     order-sign with the typical patient and three draft orders
 *   auth          typical with a fresh ES384 token per request: the authenticated service, the open
 *                 one and the floor take turns; the CPU a call adds, and one P-384 check alone
 *   fhirServer    typical fetched from a loopback FHIR server that answers at once, against the
 *                 same data prefetched: latency and CPU added, queries per call, one parallel round
 *   electrolytes  patient-view with an observations prefetch of 0, 300, 1 200 and 4 800 electrolyte
 *                 results (4 800 is the most that fits in the 5 MB body limit): extra CPU per result
 *   large         10 000 mixed Observations (10 MB), one request at a time: median latency over the floor
 *
 * Environment:
 *   BENCH_SCENARIO     scenarios to run, comma-separated (or name them after `--`)
 *   BENCH_DURATION     seconds per measured autocannon run (default 2)
 *   BENCH_PAIRS        rounds per scenario, each server one run per round (default 8, at least 8)
 *   BENCH_WARMUP       seconds of warm-up per server and scenario (default 1)
 *   BENCH_CONNECTIONS  autocannon connections (default 10)
 *   BENCH_SEQ_RUNS     one-at-a-time requests per server for `large` (default 30), after
 *   BENCH_SEQ_WARMUP   warm-up requests (default 5)
 *   BENCH_CPU_PROF     a directory: the services run with --cpu-prof writing there
 *                      (summarise with `npx tsx bench/profile.ts DIR/*.cpuprofile`)
 *   BENCH_SERVICE_NODE_ARGS, BENCH_FLOOR_NODE_ARGS  extra node flags for a child (e.g. "--trace-gc")
 *
 * Exit 0 whatever the verdicts (the machine is noisy); exit 1 when something is broken (a server
 * does not start, a status or the cards are not the expected ones).
 */
import os from 'node:os';
import path from 'node:path';
import { buildService } from './built';
import { startServer, stopServer, usage, type ChildOptions, type Server } from './children';
import { startFhirServer, type LoopbackFhirServer } from './fhir-server';
import { measureWork } from './in-process';
import { alternatingLatency, cardsOf, closeAgent, pairedRuns, post, type HeadersFor, type HookCall, type RunResult, type Settings } from './load';
import { countResources, electrolyteHeavyRequest, prefetchKeys, prefetchTemplate, scenarioRequest, serviceId, type HookBody } from './patients';
import { atLeast, atMost, describeSpread, fixed, isWide, median, signed, spreadOf, type Spread, type Verdict } from './stats';
import { benchClient, signTokens, TOKEN_LIFETIME_SECONDS, TokenPool, type BenchClient } from './tokens';

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

function numberFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}; got "${raw}"`);
  return value;
}

const SETTINGS: Settings & { seqRuns: number; seqWarmup: number } = {
  duration: numberFromEnv('BENCH_DURATION', 2, 1),
  warmup: numberFromEnv('BENCH_WARMUP', 1, 0),
  pairs: Math.floor(numberFromEnv('BENCH_PAIRS', 8, 8)),
  connections: Math.floor(numberFromEnv('BENCH_CONNECTIONS', 10, 1)),
  seqRuns: Math.floor(numberFromEnv('BENCH_SEQ_RUNS', 30, 8)),
  seqWarmup: Math.floor(numberFromEnv('BENCH_SEQ_WARMUP', 5, 0)),
};

const CHILD_OPTIONS: ChildOptions = {
  cpuProfDir: process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined,
  serviceNodeArgs: process.env.BENCH_SERVICE_NODE_ARGS,
  floorNodeArgs: process.env.BENCH_FLOOR_NODE_ARGS,
};

/** The issue's targets (CPU ratios floor/service, median of pairs; latencies in ms). */
const TARGETS = {
  typicalCpuRatio: 0.85,
  noTwitchCpuRatio: 0.93,
  orderSignCpuRatio: 0.85,
  electrolyteFlatness: 0.2,
  largeLatencyOverFloorMs: 15,
  fetchedLatencyOverPrefetchedMs: 3,
};

/** The service's default BODY_LIMIT: the electrolyte-heavy requests must fit in it. */
const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;
const ELECTROLYTE_SIZES = [300, 1_200, 4_800];
/** Two connections keep a server busy; ten 5 MB calls at once only queue, and time out on a busy machine. */
const ELECTROLYTE_CONNECTIONS = 2;
/** One-at-a-time calls per batch in the FHIR-server scenario; a pair is one batch fetched, one prefetched. */
const FETCH_BATCH = 10;
/** How long the FHIR server holds its answers while the bench watches whether every query arrives first. */
const ROUND_CHECK_HOLD_MS = 200;

const SCENARIOS = ['typical', 'noTwitch', 'orderSign', 'auth', 'fhirServer', 'electrolytes', 'large'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

function selectedScenarios(): ScenarioName[] {
  const named = [...process.argv.slice(2), ...(process.env.BENCH_SCENARIO ?? '').split(',')].map((s) => s.trim()).filter(Boolean);
  if (named.length === 0) return [...SCENARIOS];
  const unknown = named.filter((name) => !SCENARIOS.some((s) => s === name));
  if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; choose from ${SCENARIOS.join(', ')}`);
  return SCENARIOS.filter((s) => named.includes(s));
}

/** Seconds a run of these scenarios takes with these settings, roughly (loads, warm-ups, signing, single requests). */
function estimatedSeconds(scenarios: readonly ScenarioName[]): number {
  const pairedScenario = (servers: number) => servers * (SETTINGS.warmup + SETTINGS.pairs * SETTINGS.duration);
  const each: Record<ScenarioName, number> = {
    typical: pairedScenario(2),
    noTwitch: pairedScenario(2),
    orderSign: pairedScenario(2),
    auth: pairedScenario(3) + 10,
    fhirServer: 10,
    electrolytes: (ELECTROLYTE_SIZES.length + 1) * pairedScenario(2) + 40,
    large: (SETTINGS.seqRuns + SETTINGS.seqWarmup) * 0.25,
  };
  return 30 + scenarios.reduce((total, s) => total + each[s], 0);
}

// ---------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------

/** A row of the targets table, as the issue shapes it. */
interface TargetRow {
  scenario: string;
  measured: string;
  target: string;
  verdict?: Verdict;
}

function hookCall(label: string, request: HookBody | Record<string, unknown>, hook: 'patient-view' | 'order-sign' = 'patient-view'): HookCall {
  return { label, path: `/cds-services/${serviceId(hook)}`, body: Buffer.from(JSON.stringify(request)) };
}

function sizeOf(call: HookCall): string {
  const kb = call.body.length / 1024;
  return kb >= 1024 ? `${fixed(kb / 1024, 2)} MB` : `${fixed(kb, 0)} KB`;
}

function describeRequest(call: HookCall, request: HookBody): string {
  const counts = countResources(request);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const drafts = counts.draftOrders === undefined ? '' : `, ${counts.draftOrders} draft orders`;
  return `${call.label}: ${total} resources (${counts.observations} Observations, ${counts.conditions} Conditions${drafts}), ${sizeOf(call)}`;
}

function note(s: Spread, what: string): string {
  return isWide(s) ? `\n    NOTE: the ${what} pairs spread too wide to conclude (middle half wider than 15% of the median)` : '';
}

const cpuRatios = (service: RunResult[], floor: RunResult[]) => spreadOf(service.map((s, i) => floor[i].cpuMs / s.cpuMs));
const rpsRatios = (service: RunResult[], floor: RunResult[]) => spreadOf(service.map((s, i) => s.rps / floor[i].rps));

function printPaired(label: string, service: RunResult[], floor: RunResult[], serviceName = 'service'): { cpu: Spread; rps: Spread } {
  const cpu = cpuRatios(service, floor);
  const rps = rpsRatios(service, floor);
  console.log(
    `  ${label}: CPU ms/req ${serviceName} ${fixed(median(service.map((r) => r.cpuMs)))}, floor ${fixed(median(floor.map((r) => r.cpuMs)))}; ` +
      `req/s ${serviceName} ${fixed(median(service.map((r) => r.rps)), 0)}, floor ${fixed(median(floor.map((r) => r.rps)), 0)}; ` +
      `p99 ms ${fixed(median(service.map((r) => r.p99)), 0)} / ${fixed(median(floor.map((r) => r.p99)), 0)}` +
      `\n    CPU ratio floor/${serviceName}  ${describeSpread(cpu)}${note(cpu, 'CPU ratio')}` +
      `\n    req/s ratio ${serviceName}/floor ${describeSpread(rps)}${note(rps, 'req/s ratio')}`,
  );
  return { cpu, rps };
}

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

interface Bench {
  service: Server;
  floor: Server;
  authenticated?: Server;
  client?: BenchClient;
  fhir?: LoopbackFhirServer;
}

async function expectCards(server: Server, call: HookCall, want: 'some' | 'none' | 'any', headers: Record<string, string> = {}): Promise<number> {
  const cards = await cardsOf(server, call, headers);
  if (want === 'some' && cards.length === 0) throw new Error(`${server.kind} / ${call.label}: expected cards, got none`);
  if (want === 'none' && cards.length > 0) throw new Error(`${server.kind} / ${call.label}: expected no cards, got ${cards.length}`);
  return cards.length;
}

/** Service against floor on one call, checked before and after the load. */
async function throughputScenario(
  bench: Bench,
  call: HookCall,
  want: 'some' | 'none' | 'any',
  settings: Settings = SETTINGS,
): Promise<{ service: RunResult[]; floor: RunResult[] }> {
  const cards = await expectCards(bench.service, call, want);
  await expectCards(bench.floor, call, 'any');
  console.log(`  check ${call.label}: service 200 with ${cards} card(s), floor 200`);
  const runs = await pairedRuns(call.label, { service: bench.service, floor: bench.floor }, call, settings);
  await expectCards(bench.service, call, want);
  return runs;
}

function cpuRatioRow(scenario: string, cpu: Spread, target: number): TargetRow {
  return { scenario, measured: describeSpread(cpu), target: `≥ ${target}`, verdict: atLeast(cpu, target) };
}

async function typical(bench: Bench): Promise<TargetRow[]> {
  const request = scenarioRequest('typical');
  const call = hookCall('typical', request);
  console.log(`\n${describeRequest(call, request)}`);
  const runs = await throughputScenario(bench, call, 'some');
  const { cpu } = printPaired('typical', runs.service, runs.floor);
  return [cpuRatioRow('typical patient-view', cpu, TARGETS.typicalCpuRatio)];
}

async function noTwitch(bench: Bench): Promise<TargetRow[]> {
  const request = scenarioRequest('noTwitch');
  const call = hookCall('noTwitch', request);
  console.log(`\n${describeRequest(call, request)}`);
  const runs = await throughputScenario(bench, call, 'none');
  const { cpu } = printPaired('noTwitch', runs.service, runs.floor);
  return [cpuRatioRow('no twitching', cpu, TARGETS.noTwitchCpuRatio)];
}

async function orderSign(bench: Bench): Promise<TargetRow[]> {
  const request = scenarioRequest('orderSign');
  const call = hookCall('orderSign', request, 'order-sign');
  console.log(`\n${describeRequest(call, request)}`);
  const runs = await throughputScenario(bench, call, 'some');
  const { cpu } = printPaired('orderSign', runs.service, runs.floor);
  return [cpuRatioRow('order-sign', cpu, TARGETS.orderSignCpuRatio)];
}

/**
 * Typical once more, every request with a token of its own, to the authenticated service, the open
 * one and the floor in turn (the latter two ignore the header). Tokens are signed before each run
 * of the authenticated service, never during one: signing takes about a millisecond of the same
 * two cores.
 */
async function auth(bench: Bench): Promise<TargetRow[]> {
  const { authenticated, client, service, floor } = bench;
  if (!authenticated || !client) throw new Error('the auth scenario needs the authenticated service');
  const call = hookCall('auth', scenarioRequest('typical'));
  const url = `${authenticated.origin}${call.path}`;
  console.log('\nauth: typical with a fresh ES384 token per request');
  const cost = await client.verifyCost(500);
  console.log(
    `  alone, in this process: one P-384 signature check ${fixed(cost.signatureMs, 3)} ms CPU, jose's jwtVerify ${fixed(cost.jwtVerifyMs, 3)} ms CPU`,
  );

  const token = await client.sign(url);
  const cards = await expectCards(authenticated, call, 'some', { authorization: `Bearer ${token}` });
  const replay = await post(url, call.body, { authorization: `Bearer ${token}` });
  if (replay.status !== 401) throw new Error(`authenticated / auth: a replayed token got status ${replay.status}, not 401`);
  console.log(`  check auth: authenticated service 200 with ${cards} card(s), the same token again 401`);

  // Enough tokens for a run: twice the fastest pace seen so far (first the floor's: no service
  // outruns it). A token used twice gets a 401, which stops the bench.
  let pace = (await pairedRuns('auth, floor pace', { floor }, call, { ...SETTINGS, warmup: 0, pairs: 1, duration: 1 })).floor[0].rps;
  let latest = new TokenPool(await signTokens(client, url, SETTINGS.connections, TOKEN_LIFETIME_SECONDS));
  const headersFor: HeadersFor = async (server, seconds) => {
    if (server.kind === 'authenticated') {
      const count = Math.ceil(2 * pace * seconds) + 2 * SETTINGS.connections;
      latest = new TokenPool(await signTokens(client, url, count, TOKEN_LIFETIME_SECONDS + seconds));
    }
    const pool = latest;
    return () => ({ authorization: `Bearer ${pool.take()}` });
  };
  const runs = await pairedRuns('auth', { authenticated, service, floor }, call, SETTINGS, headersFor, (_kind, run) => {
    pace = Math.max(pace, run.rps);
  });
  await expectCards(authenticated, call, 'some', { authorization: `Bearer ${await client.sign(url)}` });

  printPaired('auth', runs.authenticated, runs.floor, 'authenticated');
  printPaired('auth, open service in the same rounds', runs.service, runs.floor);
  const added = spreadOf(runs.authenticated.map((a, i) => a.cpuMs - runs.service[i].cpuMs));
  console.log(`    CPU added per call (authenticated - open, per round) ${describeSpread(added, 2, signed)} ms${note(added, 'CPU added')}`);
  return [
    {
      scenario: 'authenticated, CPU added per call',
      measured: `${signed(added.median)} ms (IQR ${signed(added.q1)} to ${signed(added.q3)}); one P-384 check alone ${fixed(cost.signatureMs)} ms, jose jwtVerify ${fixed(cost.jwtVerifyMs)} ms`,
      target: 'the P-384 check is the floor: reported, not hidden',
    },
  ];
}

/**
 * The typical patient fetched from the loopback FHIR server (no prefetch, fhirServer given) against
 * the same data prefetched, one call at a time, in batches that take turns. First, with the server
 * holding its answers, whether every query of a call arrives before any answer: one parallel round.
 */
async function fhirServer(bench: Bench): Promise<TargetRow[]> {
  const { service, fhir } = bench;
  if (!fhir) throw new Error('the fhirServer scenario needs the loopback FHIR server');
  const request = scenarioRequest('typical');
  const prefetched = hookCall('prefetched', request);
  const fetched = hookCall('fetched', { hook: request.hook, hookInstance: request.hookInstance, context: request.context, fhirServer: fhir.base });
  console.log(`\nfhirServer: typical fetched from ${fhir.base} (${sizeOf(fetched)} request) against prefetched (${sizeOf(prefetched)})`);

  const summaries = async (call: HookCall) => JSON.stringify((await cardsOf(service, call)).map((card) => card.summary));
  const [want, got] = [await summaries(prefetched), await summaries(fetched)];
  if (want !== got) throw new Error(`fhirServer: fetched cards ${got} differ from prefetched ${want}`);
  fhir.takeArrivals();

  fhir.holdAnswers(ROUND_CHECK_HOLD_MS);
  await cardsOf(service, fetched);
  fhir.holdAnswers(0);
  const held = fhir.takeArrivals();
  const keys = prefetchKeys('patient-view').length;
  const span = held.length > 0 ? held[held.length - 1].at - held[0].at : NaN;
  const oneRound = held.length === keys && span < ROUND_CHECK_HOLD_MS;
  console.log(
    `  check: cards as prefetched; ${held.length} queries for ${keys} keys (${held.map((a) => a.type).join(', ')}), ` +
      `all sent within ${fixed(span, 1)} ms while the first answer was held ${ROUND_CHECK_HOLD_MS} ms: ${oneRound ? 'one parallel round' : 'NOT one round'}`,
  );

  for (let i = 0; i < 5; i++) for (const call of [fetched, prefetched]) await post(`${service.origin}${call.path}`, call.body);
  fhir.takeArrivals();
  const latency: Record<'fetched' | 'prefetched', number[][]> = { fetched: [], prefetched: [] };
  const cpu: Record<'fetched' | 'prefetched', number[]> = { fetched: [], prefetched: [] };
  for (let pair = 0; pair < SETTINGS.pairs; pair++) {
    for (const which of pair % 2 === 0 ? (['fetched', 'prefetched'] as const) : (['prefetched', 'fetched'] as const)) {
      const call = which === 'fetched' ? fetched : prefetched;
      const before = await usage(service);
      const ms: number[] = [];
      for (let i = 0; i < FETCH_BATCH; i++) {
        const reply = await post(`${service.origin}${call.path}`, call.body);
        if (reply.status !== 200) throw new Error(`service / ${which}: status ${reply.status}, body ${reply.body.slice(0, 300)}`);
        ms.push(reply.ms);
      }
      const after = await usage(service);
      latency[which].push(ms);
      cpu[which].push((after.micros - before.micros) / 1000 / (after.served - before.served));
    }
  }
  const queriesPerCall = fhir.takeArrivals().length / (SETTINGS.pairs * FETCH_BATCH);
  const latencyAdded = spreadOf(latency.fetched.map((ms, i) => median(ms) - median(latency.prefetched[i])));
  const cpuAdded = spreadOf(cpu.fetched.map((ms, i) => ms - cpu.prefetched[i]));
  console.log(
    `  latency ms fetched ${fixed(median(latency.fetched.flat()))}, prefetched ${fixed(median(latency.prefetched.flat()))}; ` +
      `CPU ms/call fetched ${fixed(median(cpu.fetched))}, prefetched ${fixed(median(cpu.prefetched))}; ${fixed(queriesPerCall, 1)} queries per call` +
      `\n    latency added (batch medians, fetched - prefetched) ${describeSpread(latencyAdded, 2, signed)}${note(latencyAdded, 'latency added')}` +
      `\n    CPU added per call ${describeSpread(cpuAdded, 2, signed)}${note(cpuAdded, 'CPU added')}`,
  );
  const latencyVerdict = atMost(latencyAdded, TARGETS.fetchedLatencyOverPrefetchedMs);
  return [
    {
      scenario: 'fetched from a FHIR server that answers at once',
      measured:
        `${signed(latencyAdded.median)} ms latency (IQR ${signed(latencyAdded.q1)} to ${signed(latencyAdded.q3)}), ${signed(cpuAdded.median)} ms CPU; ` +
        `${held.length} queries ${oneRound ? 'in one parallel round' : 'NOT in one round'}`,
      target: `one parallel round; ≤ +${TARGETS.fetchedLatencyOverPrefetchedMs} ms latency`,
      verdict: oneRound ? latencyVerdict : 'MISS',
    },
  ];
}

/**
 * The electrolyte-heavy sizes: 300, 1 200 and 4 800 results, the last cut to what fits in the
 * service's default 5 MB body limit (in draws of three) if the generated results are larger.
 */
function electrolyteSizes(): number[] {
  const bytes = (results: number) => Buffer.byteLength(JSON.stringify(electrolyteHeavyRequest(results)));
  const largest = ELECTROLYTE_SIZES[ELECTROLYTE_SIZES.length - 1];
  let fits = largest;
  if (bytes(largest) > DEFAULT_BODY_LIMIT) {
    const base = bytes(0);
    fits = Math.floor((((DEFAULT_BODY_LIMIT - base) / (bytes(largest) - base)) * largest) / 3) * 3;
    while (fits > 0 && bytes(fits) > DEFAULT_BODY_LIMIT) fits -= 3;
    console.log(`  ${largest} results do not fit in 5 MB: the largest size is ${fits}`);
  }
  return [...ELECTROLYTE_SIZES.slice(0, -1), fits];
}

/**
 * The service's extra CPU (over the floor, per request) at 0, 300, 1 200 and 4 800 electrolyte
 * results. Per result is the extra beyond the zero-result call (the fixed cost of the call) divided
 * by the results: flat when the work grows linearly with the chart.
 */
async function electrolytes(bench: Bench): Promise<TargetRow[]> {
  console.log('\nelectrolytes: the typical patient with an observations prefetch of electrolyte results only');
  const sizes = electrolyteSizes();
  const inProcess = await electrolytesInProcess(sizes);
  const extra = new Map<number, number[]>();
  for (const results of [0, ...sizes]) {
    const request = electrolyteHeavyRequest(results);
    const call = hookCall(`electrolytes-${results}`, request);
    console.log(`  ${describeRequest(call, request)}`);
    const runs = await throughputScenario(bench, call, 'any', { ...SETTINGS, connections: ELECTROLYTE_CONNECTIONS });
    printPaired(call.label, runs.service, runs.floor);
    extra.set(
      results,
      runs.service.map((s, i) => s.cpuMs - runs.floor[i].cpuMs),
    );
  }
  const fixedCost = median(extra.get(0)!);
  const perResult = sizes.map((results) => spreadOf(extra.get(results)!.map((ms) => ((ms - fixedCost) / results) * 1000)));
  const raw = sizes.map((results) => (median(extra.get(results)!) / results) * 1000);
  console.log(`  extra CPU of the call with no result ${fixed(fixedCost)} ms; per result beyond it:`);
  sizes.forEach((results, i) =>
    console.log(`    ${String(results).padStart(5)} results: ${describeSpread(perResult[i], 2)} µs${note(perResult[i], 'per-result')}`),
  );
  const paired = flatness(perResult);
  return [
    {
      scenario: 'electrolyte-heavy, extra CPU per result',
      measured:
        `${perResult.map((s) => fixed(s.median)).join(' / ')} µs at ${sizes.join(' / ')} results ` +
        `(each within ±${fixed(100 * paired.deviation, 0)}% of their mean; beyond the call's own ${fixed(fixedCost)} ms; ` +
        `with it ${raw.map((us) => fixed(us)).join(' / ')})`,
      target: `flat ±${100 * TARGETS.electrolyteFlatness}%`,
      verdict: paired.verdict,
    },
    inProcess,
  ];
}

/** Flat when each size's median is within the target of their mean; unsure when a size's pairs spread too wide. */
function flatness(perResult: readonly Spread[]): { deviation: number; verdict: Verdict } {
  const mean = perResult.reduce((total, s) => total + s.median, 0) / perResult.length;
  const deviation = Math.max(...perResult.map((s) => Math.abs(s.median / mean - 1)));
  const verdict = perResult.some(isWide) ? 'UNSURE' : deviation <= TARGETS.electrolyteFlatness ? 'PASS' : 'MISS';
  return { deviation, verdict };
}

/**
 * The same sizes without HTTP, in a child process of their own, before the servers take load: the
 * service's own work after a fresh parse (bench/in-process.ts), per result beyond the call with no
 * result. What the paired difference measures, without the parse's noise.
 */
async function electrolytesInProcess(sizes: readonly number[]): Promise<TargetRow> {
  const perCall = await measureWork([0, ...sizes], SETTINGS.pairs);
  const perResult = sizes.map((results, i) => spreadOf(perCall[i + 1].map((ms, round) => ((ms - perCall[0][round]) / results) * 1000)));
  console.log(`  without HTTP, the service's work after a fresh parse: ${fixed(median(perCall[0]), 3)} ms with no result; per result beyond it:`);
  sizes.forEach((results, i) =>
    console.log(`    ${String(results).padStart(5)} results: ${describeSpread(perResult[i], 2)} µs${note(perResult[i], 'per-result')}`),
  );
  const { deviation, verdict } = flatness(perResult);
  return {
    scenario: "electrolyte-heavy, the service's own work per result (without HTTP)",
    measured: `${perResult.map((s) => fixed(s.median)).join(' / ')} µs at ${sizes.join(' / ')} results (each within ±${fixed(100 * deviation, 0)}% of their mean)`,
    target: `flat ±${100 * TARGETS.electrolyteFlatness}%`,
    verdict,
  };
}

/** 10 000 mixed Observations (10 MB), one request at a time, service and floor in turn. */
async function large(bench: Bench): Promise<TargetRow[]> {
  const request = scenarioRequest('large');
  const call = hookCall('large', request);
  console.log(`\n${describeRequest(call, request)}`);
  await expectCards(bench.service, call, 'some');
  const [service, floor] = await alternatingLatency({ server: bench.service, call }, { server: bench.floor, call }, SETTINGS.seqRuns, SETTINGS.seqWarmup);
  const added = spreadOf(service.map((ms, i) => ms - floor[i]));
  console.log(
    `  latency ms: service ${fixed(median(service), 1)}, floor ${fixed(median(floor), 1)} (medians of ${SETTINGS.seqRuns})` +
      `\n    service - floor, per pair ${describeSpread(added, 1, signed)}${note(added, 'latency')}`,
  );
  return [
    {
      scenario: '10 000 observations, median latency over the floor',
      measured: `${signed(added.median, 1)} ms (IQR ${signed(added.q1, 1)} to ${signed(added.q3, 1)}; floor ${fixed(median(floor), 0)} ms)`,
      target: `≤ +${TARGETS.largeLatencyOverFloorMs} ms`,
      verdict: atMost(added, TARGETS.largeLatencyOverFloorMs),
    },
  ];
}

const RUNNERS: Record<ScenarioName, (bench: Bench) => Promise<TargetRow[]>> = { typical, noTwitch, orderSign, auth, fhirServer, electrolytes, large };

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

/** The resource each prefetch key's query asks for ("Observation" for "Observation?patient=..."), answered with the key's value. */
function fhirServerBodies(request: HookBody): Map<string, unknown> {
  const bodies = new Map<string, unknown>();
  for (const key of prefetchKeys('patient-view')) bodies.set(prefetchTemplate('patient-view', key).split(/[/?]/)[0], request.prefetch[key]);
  return bodies;
}

function printTargets(rows: readonly TargetRow[]): void {
  console.log('\n| scenario | measured | target |');
  console.log('|---|---|---|');
  for (const row of rows) console.log(`| ${row.scenario} | ${row.measured} | ${row.target} |`);
  console.log('');
  for (const row of rows) console.log(`${row.verdict ?? 'INFO'} ${row.scenario}`);
  if (rows.some((row) => row.verdict === 'UNSURE'))
    console.log('(UNSURE: the middle half of the pairs straddles the target or spreads too wide; run again on a quieter machine)');
}

async function main(): Promise<void> {
  const started = performance.now();
  const scenarios = selectedScenarios();
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(
    `hamstring-cds bench: node ${process.version}, ${os.cpus().length} CPUs, load average ${load()}; scenarios ${scenarios.join(', ')}; ` +
      `${SETTINGS.pairs} pairs of ${SETTINGS.duration} s runs after ${SETTINGS.warmup} s warm-up, ${SETTINGS.connections} connections; ` +
      `about ${Math.round(estimatedSeconds(scenarios) / 10) * 10} s`,
  );

  console.log('  building the service with tsc into dist/, as npm start runs it');
  buildService();
  const fhir = scenarios.includes('fhirServer') ? await startFhirServer(fhirServerBodies(scenarioRequest('typical'))) : undefined;
  const client = scenarios.includes('auth') ? await benchClient() : undefined;
  const serviceEnv = fhir ? { FHIR_SERVER_ALLOWLIST: new URL(fhir.base).origin } : {};
  const [service, floor, authenticated] = await Promise.all([
    startServer('service', CHILD_OPTIONS, serviceEnv),
    startServer('floor', CHILD_OPTIONS),
    client ? startServer('authenticated', CHILD_OPTIONS, { CDS_TRUSTED_CLIENTS_FILE: client.trustedClientsFile }) : undefined,
  ]);
  console.log(
    `  service pid ${service.child.pid}, floor pid ${floor.child.pid}${authenticated ? `, authenticated service pid ${authenticated.child.pid}` : ''}`,
  );
  if (CHILD_OPTIONS.cpuProfDir) console.log(`  service CPU profiles -> ${CHILD_OPTIONS.cpuProfDir}`);

  const rows: TargetRow[] = [];
  try {
    for (const scenario of scenarios) rows.push(...(await RUNNERS[scenario]({ service, floor, authenticated, client, fhir })));
    printTargets(rows);
    const served = async (server: Server) => `${server.kind} ${(await usage(server)).served}`;
    console.log(
      `(${fixed((performance.now() - started) / 1000, 0)} s; load average ${load()} at the end; responses sent: ` +
        `${(await Promise.all([service, floor, ...(authenticated ? [authenticated] : [])].map(served))).join(', ')}, for profile.ts --requests)`,
    );
  } finally {
    closeAgent();
    await Promise.all([stopServer(service), stopServer(floor), authenticated ? stopServer(authenticated) : undefined]);
    await fhir?.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`\nbench FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

/**
 * `npm run bench`: the service against a floor that does only HTTP + JSON parsing.
 *
 *   1. Starts three child processes (bench/server.ts): the real service, the same service requiring
 *      tokens of a trusted client (bench/tokens.ts), and the floor, each on an ephemeral 127.0.0.1
 *      port, so the load generator (this process) has its own event loop.
 *   2. Builds the synthetic requests (bench/patients.ts): typical (~250 resources, twitching), the
 *      same patient without twitching, a patient with 10 000 Observations, and the typical patient
 *      at order-sign with three draft orders.
 *   3. Throughput: autocannon on typical, no-twitch and order-sign, service and floor alternately,
 *      same duration each after a warm-up; requests/s and p99 latency, ratio service/floor, and
 *      each server's own CPU time per request (less sensitive to other load on the machine).
 *      Then typical again with a fresh token on every request, to the authenticated service, the
 *      open one and the floor alternately (the latter two ignore the header).
 *   4. Single-request latency on the 10 000-Observation patient: sequential requests alternating
 *      service and floor; median and p90 of each and the median difference.
 *   5. A table and a PASS/MISS line per target, an INFO line for order-sign and authentication.
 *      Exit 0 whatever the verdict (the machine is noisy); exit 1 when something is broken (a
 *      server does not start, a response is wrong).
 *
 * Environment:
 *   BENCH_DURATION   seconds per measured autocannon run (default 8)
 *   BENCH_WARMUP     seconds of autocannon warm-up per server and scenario (default 2)
 *   BENCH_ROUNDS     alternating service/floor rounds per scenario, each BENCH_DURATION long (default 1)
 *   BENCH_CONNECTIONS  autocannon connections (default 10)
 *   BENCH_SEQ_RUNS   sequential requests per server for the 10k patient (default 30)
 *   BENCH_SEQ_WARMUP sequential warm-up requests per server (default 5)
 *   BENCH_CPU_PROF   a directory: run the service child with --cpu-prof writing there
 *                    (summarise with `npx tsx bench/profile.ts DIR/CPU.*.cpuprofile`)
 *   BENCH_LARGE_FIRST=1  send the 10 MB check request before the throughput runs, not after
 *   BENCH_SERVICE_NODE_ARGS, BENCH_FLOOR_NODE_ARGS  extra node flags for a child (e.g. "--trace-gc");
 *                    the service's go to the authenticated service too, and so does BENCH_CPU_PROF
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { countResources, scenarioRequest, serviceId, type Scenario } from './patients';
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

const SETTINGS = {
  duration: numberFromEnv('BENCH_DURATION', 8, 1),
  warmup: numberFromEnv('BENCH_WARMUP', 2, 0),
  rounds: Math.floor(numberFromEnv('BENCH_ROUNDS', 1, 1)),
  connections: Math.floor(numberFromEnv('BENCH_CONNECTIONS', 10, 1)),
  pipelining: 1,
  seqRuns: Math.floor(numberFromEnv('BENCH_SEQ_RUNS', 30, 1)),
  seqWarmup: Math.floor(numberFromEnv('BENCH_SEQ_WARMUP', 5, 0)),
  largeFirst: process.env.BENCH_LARGE_FIRST === '1',
  cpuProfDir: process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined,
};

const TARGETS = {
  typicalRatio: 0.7,
  noTwitchRatio: 0.85,
  largeMedianDeltaMs: 50,
};

type Kind = 'service' | 'authenticated' | 'floor';

// ---------------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------------

interface Server {
  kind: Kind;
  child: ChildProcess;
  port: number;
  /** http://127.0.0.1:port: what a hook's path is called on, and what a token's aud starts with. */
  origin: string;
}

const children = new Set<ChildProcess>();

function killAll(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill(signal);
      } catch {
        /* already gone */
      }
    }
  }
}

process.on('exit', () => killAll());
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping servers\n`);
    killAll();
    process.exit(130);
  });
}

/** `env` adds to this process's environment (the authenticated service's CDS_TRUSTED_CLIENTS_FILE). */
function startServer(kind: Kind, env: NodeJS.ProcessEnv = {}): Promise<Server> {
  const execArgv = ['--import', 'tsx'];
  const isService = kind !== 'floor';
  if (isService && SETTINGS.cpuProfDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${SETTINGS.cpuProfDir}`);
  const extra = process.env[isService ? 'BENCH_SERVICE_NODE_ARGS' : 'BENCH_FLOOR_NODE_ARGS'];
  if (extra) execArgv.push(...extra.split(/\s+/).filter(Boolean));
  const child = fork(path.join(__dirname, 'server.ts'), [kind], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env, NODE_ENV: 'production' },
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start within 30 s`)), 30_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${kind} server exited before listening (code ${code}, signal ${signal})`));
    });
    child.on('message', (msg: unknown) => {
      const m = msg as { type?: string; port?: number };
      if (m.type === 'listening' && typeof m.port === 'number') {
        clearTimeout(timer);
        resolve({ kind, child, port: m.port, origin: `http://127.0.0.1:${m.port}` });
      }
    });
  });
}

/** The child's CPU time so far (user + system), in microseconds. */
function cpuMicros(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      server.child.off('message', onMessage);
      reject(new Error(`${server.kind} server did not report its CPU time`));
    }, 5_000);
    const onMessage = (msg: unknown) => {
      const m = msg as { type?: string; micros?: number };
      if (m.type !== 'cpu' || typeof m.micros !== 'number') return;
      clearTimeout(timer);
      server.child.off('message', onMessage);
      resolve(m.micros);
    };
    server.child.on('message', onMessage);
    server.child.send('cpu');
  });
}

/** Asks a child to exit (so --cpu-prof can write), then kills it if it has not within 10 s. */
async function stopServer(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    child.send('stop');
  } catch {
    child.kill('SIGKILL');
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One scenario's request: the path of the hook's service and the serialised body. */
interface HookCall {
  scenario: Scenario;
  path: string;
  body: Buffer;
}

const urlOf = (server: Server, call: HookCall) => `${server.origin}${call.path}`;

interface Reply {
  status: number;
  body: string;
  ms: number;
}

function post(url: string, body: Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Fails loudly unless the server answers 200 with the cards this scenario calls for. */
async function checkResponse(server: Server, call: HookCall, headers: Record<string, string> = {}): Promise<number> {
  const { scenario } = call;
  const reply = await post(urlOf(server, call), call.body, headers);
  const where = `${server.kind} / ${scenario}`;
  if (reply.status !== 200) throw new Error(`${where}: status ${reply.status}, body ${reply.body.slice(0, 300)}`);
  let cards: unknown;
  try {
    cards = (JSON.parse(reply.body) as { cards?: unknown }).cards;
  } catch {
    throw new Error(`${where}: response is not JSON: ${reply.body.slice(0, 300)}`);
  }
  if (!Array.isArray(cards)) throw new Error(`${where}: response has no cards array: ${reply.body.slice(0, 300)}`);
  if (server.kind !== 'floor') {
    const wantCards = scenario !== 'noTwitch';
    if (wantCards && cards.length === 0) throw new Error(`${where}: expected cards for a patient with twitching, got none`);
    if (!wantCards && cards.length > 0) throw new Error(`${where}: expected no cards for a patient without twitching, got ${cards.length}`);
  }
  return cards.length;
}

/** The authenticated service answers a fresh token as the open one answers no token, and refuses it replayed. */
async function checkAuthenticated(server: Server, call: HookCall, client: BenchClient): Promise<number> {
  const headers = { authorization: `Bearer ${await client.sign(urlOf(server, call))}` };
  const cards = await checkResponse(server, call, headers);
  const replay = await post(urlOf(server, call), call.body, headers);
  if (replay.status !== 401) throw new Error(`${server.kind} / ${call.scenario}: a replayed token got status ${replay.status}, not 401`);
  return cards;
}

// ---------------------------------------------------------------------------------------------
// Measurements
// ---------------------------------------------------------------------------------------------

interface LoadResult {
  rps: number;
  p99: number;
  requests: number;
  /** Server CPU time per request, ms. */
  cpuPerRequest: number;
  /** Server CPU time / wall time during the measured runs (1 = one core saturated). */
  cpuBusy: number;
}

interface Run {
  result: autocannon.Result;
  cpuMs: number;
}

/** A server's autocannon `requests` for one run, to vary headers per request; none: the same bytes every time. */
type RequestsFor = (server: Server) => autocannon.Request[];

async function cannon(server: Server, call: HookCall, seconds: number, requestsFor?: RequestsFor): Promise<autocannon.Result> {
  const result = await autocannon({
    url: urlOf(server, call),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: call.body,
    ...(requestsFor ? { requests: requestsFor(server) } : {}),
    connections: SETTINGS.connections,
    pipelining: SETTINGS.pipelining,
    duration: seconds,
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0 || result['2xx'] === 0) {
    throw new Error(
      `${server.kind}: autocannon saw ${result['2xx']} 2xx, ${result.non2xx} non-2xx ` +
        `(4xx ${result['4xx']}, 5xx ${result['5xx']}), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return result;
}

/** Throughput of the servers (in the order given) on one call: warm-up each, then measured runs alternating. */
async function throughput<K extends Kind>(label: string, servers: Record<K, Server>, call: HookCall, requestsFor?: RequestsFor): Promise<Record<K, LoadResult>> {
  const order = Object.keys(servers) as K[];
  const runs = Object.fromEntries(order.map((kind) => [kind, [] as Run[]])) as Record<K, Run[]>;
  if (SETTINGS.warmup > 0) {
    for (const kind of order) {
      process.stdout.write(`  ${label}: warm-up ${kind} ${SETTINGS.warmup}s\n`);
      await cannon(servers[kind], call, SETTINGS.warmup, requestsFor);
    }
  }
  for (let round = 0; round < SETTINGS.rounds; round++) {
    // Alternate who goes first from round to round, so drift hurts both alike.
    const roundOrder = round % 2 === 0 ? order : [...order].reverse();
    for (const kind of roundOrder) {
      process.stdout.write(`  ${label}: ${kind} ${SETTINGS.duration}s (round ${round + 1}/${SETTINGS.rounds})`);
      const cpuBefore = await cpuMicros(servers[kind]);
      const result = await cannon(servers[kind], call, SETTINGS.duration, requestsFor);
      const cpuMs = ((await cpuMicros(servers[kind])) - cpuBefore) / 1000;
      process.stdout.write(
        ` -> ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, ` +
          `server CPU ${(cpuMs / result.requests.total).toFixed(2)} ms/req, ${((100 * cpuMs) / (result.duration * 1000)).toFixed(0)}% busy\n`,
      );
      runs[kind].push({ result, cpuMs });
    }
  }
  const summarise = (list: Run[]): LoadResult => {
    const requests = list.reduce((n, r) => n + r.result.requests.total, 0);
    const cpuMs = list.reduce((n, r) => n + r.cpuMs, 0);
    const wallMs = list.reduce((n, r) => n + r.result.duration * 1000, 0);
    return {
      rps: list.reduce((n, r) => n + r.result.requests.average, 0) / list.length,
      p99: list.reduce((n, r) => n + r.result.latency.p99, 0) / list.length,
      requests,
      cpuPerRequest: cpuMs / requests,
      cpuBusy: cpuMs / wallMs,
    };
  };
  return Object.fromEntries(order.map((kind) => [kind, summarise(runs[kind])])) as Record<K, LoadResult>;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

interface LatencyResult {
  median: number;
  p90: number;
  min: number;
  max: number;
}

/** Sequential requests, service and floor alternately, one at a time. */
async function latency(servers: Record<'service' | 'floor', Server>, call: HookCall): Promise<Record<'service' | 'floor', LatencyResult>> {
  const samples: Record<'service' | 'floor', number[]> = { service: [], floor: [] };
  const total = SETTINGS.seqWarmup + SETTINGS.seqRuns;
  for (let i = 0; i < total; i++) {
    for (const kind of i % 2 === 0 ? (['service', 'floor'] as const) : (['floor', 'service'] as const)) {
      const reply = await post(urlOf(servers[kind], call), call.body);
      if (reply.status !== 200) throw new Error(`${kind} / large: status ${reply.status}, body ${reply.body.slice(0, 300)}`);
      if (i >= SETTINGS.seqWarmup) samples[kind].push(reply.ms);
    }
  }
  const summarise = (ms: number[]): LatencyResult => {
    const sorted = [...ms].sort((a, b) => a - b);
    return { median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), min: sorted[0], max: sorted[sorted.length - 1] };
  };
  return { service: summarise(samples.service), floor: summarise(samples.floor) };
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);
const f = (n: number, d = 1) => n.toFixed(d);

function describeBody(scenario: Scenario, body: Buffer, counts: Record<string, number>): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const kb = body.length / 1024;
  const size = kb >= 1024 ? `${f(kb / 1024, 2)} MB` : `${f(kb, 0)} KB`;
  const drafts = counts.draftOrders === undefined ? '' : `, ${counts.draftOrders} draft orders`;
  return `${pad(scenario, 9)} ${lpad(String(total), 6)} resources (${counts.observations} Observations, ${counts.conditions} Conditions${drafts}), ${size}`;
}

/** One line of the throughput table: `service` against `floor`. */
function throughputRow(name: string, service: LoadResult, floor: LoadResult): string {
  return (
    `  ${pad(name, 22)} ${lpad(f(service.rps, 0), 14)} ${lpad(f(service.p99, 0), 7)} | ` +
    `${lpad(f(floor.rps, 0), 11)} ${lpad(f(floor.p99, 0), 7)} | ${lpad(f(service.rps / floor.rps, 2), 5)} | ` +
    `${lpad(f(service.cpuPerRequest, 2), 18)} ${lpad(f(floor.cpuPerRequest, 2), 5)} ${lpad(f(floor.cpuPerRequest / service.cpuPerRequest, 2), 6)}`
  );
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/**
 * Typical once more, every request with a token of its own: the authenticated service against
 * the open one and the floor, in the same run, all three sent the same headers.
 */
async function authenticatedThroughput(
  servers: Record<Kind, Server>,
  call: HookCall,
  client: BenchClient,
  floorRps: number,
): Promise<Record<Kind, LoadResult>> {
  // Tokens for every request the authenticated service can take: no service outruns the floor,
  // which does a part of its work, and half as much again covers the noise of the machine.
  const seconds = SETTINGS.warmup + SETTINGS.rounds * SETTINGS.duration;
  const count = Math.ceil(1.5 * floorRps * seconds) + SETTINGS.connections;
  const started = Date.now();
  // Valid until the last of the three servers' runs is over, however long BENCH_DURATION makes them.
  const tokens = await signTokens(client, urlOf(servers.authenticated, call), count, TOKEN_LIFETIME_SECONDS + 3 * seconds);
  process.stdout.write(`  typical+auth: ${count} tokens signed in ${f((Date.now() - started) / 1000)} s\n`);
  const pools = { authenticated: new TokenPool(tokens), service: new TokenPool(tokens), floor: new TokenPool(tokens) };
  const withToken =
    (pool: TokenPool) =>
    (request: autocannon.Request): autocannon.Request => ({ ...request, headers: { ...request.headers, authorization: `Bearer ${pool.take()}` } });
  const { authenticated, service, floor } = servers;
  return throughput('typical+auth', { authenticated, service, floor }, call, (server) => [{ setupRequest: withToken(pools[server.kind]) }]);
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(
    `hamstring-cds bench: node ${process.version}, ${SETTINGS.connections} connections, pipelining ${SETTINGS.pipelining}, ` +
      `${SETTINGS.duration}s x ${SETTINGS.rounds} round(s) after ${SETTINGS.warmup}s warm-up; ` +
      `${SETTINGS.seqRuns} sequential requests after ${SETTINGS.seqWarmup} warm-ups`,
  );
  console.log(`  ${os.cpus().length} CPUs, load average ${loadAverage()} before start (other work on the machine skews the ratios)`);

  const scenarios: Scenario[] = ['typical', 'noTwitch', 'large', 'orderSign'];
  const calls = {} as Record<Scenario, HookCall>;
  for (const scenario of scenarios) {
    const request = scenarioRequest(scenario);
    calls[scenario] = { scenario, path: `/cds-services/${serviceId(request.hook)}`, body: Buffer.from(JSON.stringify(request)) };
    console.log(`  ${describeBody(scenario, calls[scenario].body, countResources(request))}`);
  }

  const client = await benchClient();
  const [service, authenticated, floor] = await Promise.all([
    startServer('service'),
    startServer('authenticated', { CDS_TRUSTED_CLIENTS_FILE: client.trustedClientsFile }),
    startServer('floor'),
  ]);
  const servers: Record<Kind, Server> = { service, authenticated, floor };
  console.log(`  service pid ${service.child.pid} on :${service.port}, floor pid ${floor.child.pid} on :${floor.port}`);
  console.log(`  authenticated service pid ${authenticated.child.pid} on :${authenticated.port}, trusting one ES384 client`);
  if (SETTINGS.cpuProfDir) console.log(`  service CPU profile -> ${SETTINGS.cpuProfDir}`);

  try {
    const check = async (scenario: Scenario) => {
      const n = await checkResponse(service, calls[scenario]);
      await checkResponse(floor, calls[scenario]);
      console.log(`  check ${pad(scenario, 9)}: service 200 with ${n} card(s), floor 200`);
    };
    const checkAuth = async () => {
      const n = await checkAuthenticated(authenticated, calls.typical, client);
      console.log(`  check ${pad('auth', 9)}: authenticated service 200 with ${n} card(s), replayed token 401`);
    };
    // The 10 MB request is checked only when its turn comes: sent first, it often leaves the
    // service's V8 heap in a state (allocation-site pretenuring, many more mark-compacts) that
    // costs the throughput runs up to a third. BENCH_LARGE_FIRST=1 sends it first anyway.
    if (SETTINGS.largeFirst) await check('large');
    await check('typical');
    await check('noTwitch');
    // After each load the service must still answer right.
    const typical = await throughput('typical', { service, floor }, calls.typical);
    await checkResponse(service, calls.typical);
    const noTwitch = await throughput('noTwitch', { service, floor }, calls.noTwitch);
    await checkResponse(service, calls.noTwitch);
    await check('orderSign');
    const orderSign = await throughput('orderSign', { service, floor }, calls.orderSign);
    await checkResponse(service, calls.orderSign);
    await checkAuth();
    const auth = await authenticatedThroughput(servers, calls.typical, client, typical.floor.rps);
    await checkAuthenticated(authenticated, calls.typical, client);
    if (!SETTINGS.largeFirst) await check('large');
    process.stdout.write(`  large: ${SETTINGS.seqWarmup + SETTINGS.seqRuns} sequential requests to each server\n`);
    const large = await latency({ service, floor }, calls.large);
    await checkResponse(service, calls.large);

    const typicalRatio = typical.service.rps / typical.floor.rps;
    const noTwitchRatio = noTwitch.service.rps / noTwitch.floor.rps;
    const largeDelta = large.service.median - large.floor.median;

    console.log('');
    console.log('Throughput (autocannon)   service req/s  p99 ms | floor req/s  p99 ms | ratio | CPU ms/req service floor  ratio');
    console.log(throughputRow('typical (twitching)', typical.service, typical.floor));
    console.log(throughputRow('no twitching', noTwitch.service, noTwitch.floor));
    console.log(throughputRow('order-sign, 3 drafts', orderSign.service, orderSign.floor));
    console.log(throughputRow('typical, authenticated', auth.authenticated, auth.floor));
    console.log(throughputRow('  open, same run', auth.service, auth.floor));
    const authRatio = auth.authenticated.rps / auth.service.rps;
    const authCpu = auth.authenticated.cpuPerRequest - auth.service.cpuPerRequest;
    console.log(
      `  authenticated / open: req/s ratio ${f(authRatio, 2)}; CPU ${f(auth.authenticated.cpuPerRequest, 2)} vs ` +
        `${f(auth.service.cpuPerRequest, 2)} ms/req (${authCpu >= 0 ? '+' : ''}${f(authCpu, 2)})`,
    );
    console.log('Latency, 10k Observations  median ms  p90 ms  (min-max)');
    for (const kind of ['service', 'floor'] as const) {
      const r = large[kind];
      console.log(`  ${pad(kind, 22)} ${lpad(f(r.median), 10)} ${lpad(f(r.p90), 7)}  (${f(r.min)}-${f(r.max)})`);
    }
    console.log(`  ${pad('difference (median)', 22)} ${lpad(f(largeDelta), 10)} ${lpad(f(large.service.p90 - large.floor.p90), 7)}`);
    console.log('');
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    console.log(`${verdict(typicalRatio >= TARGETS.typicalRatio)} typical throughput ratio ${f(typicalRatio, 2)} (target >= ${TARGETS.typicalRatio})`);
    console.log(`${verdict(noTwitchRatio >= TARGETS.noTwitchRatio)} no-twitch throughput ratio ${f(noTwitchRatio, 2)} (target >= ${TARGETS.noTwitchRatio})`);
    console.log(
      `${verdict(largeDelta <= TARGETS.largeMedianDeltaMs)} 10k-observation median ${f(large.service.median)} ms vs floor ` +
        `${f(large.floor.median)} ms: +${f(largeDelta)} ms (target <= ${TARGETS.largeMedianDeltaMs} ms)`,
    );
    console.log(`INFO order-sign throughput ratio ${f(orderSign.service.rps / orderSign.floor.rps, 2)} (no target)`);
    console.log(
      `INFO authenticated throughput ratio ${f(auth.authenticated.rps / auth.floor.rps, 2)}, ` +
        `${f(authRatio, 2)} of the open service in the same run (no target)`,
    );
    console.log(`(${f((Date.now() - started) / 1000, 0)} s; load average ${loadAverage()} at the end)`);
  } finally {
    agent.destroy();
    await Promise.all([stopServer(service), stopServer(authenticated), stopServer(floor)]);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`\nbench FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    killAll();
    process.exit(1);
  },
);

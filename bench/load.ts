/**
 * Driving the servers: autocannon runs measured by each server's own CPU time and responses, taken
 * in rounds that alternate who goes first (so drift on a shared machine hurts both sides of a pair
 * alike), and single requests one at a time for latency.
 */
import http from 'node:http';
import autocannon from 'autocannon';
import { usage, type Server } from './children';

export interface Settings {
  /** Seconds per measured autocannon run. */
  duration: number;
  /** Seconds of warm-up per server and scenario. */
  warmup: number;
  /** Rounds per scenario: each runs every server once. */
  pairs: number;
  connections: number;
}

/** One scenario's request: the path of the hook's service and the serialised body. */
export interface HookCall {
  label: string;
  path: string;
  body: Buffer;
}

export interface RunResult {
  /** Responses the server sent per second of the run. */
  rps: number;
  /** The server's CPU time (all threads) per response sent, ms. */
  cpuMs: number;
  p99: number;
}

/**
 * Headers for each request of a run to `server` (a token of its own), prepared before the run
 * starts; none: the same bytes every time.
 */
export type HeadersFor = (server: Server, seconds: number) => Promise<() => Record<string, string>>;

async function cannon(server: Server, call: HookCall, seconds: number, connections: number, headersFor?: HeadersFor): Promise<autocannon.Result> {
  return runCannon(server, call, seconds, connections, headersFor && (await headersFor(server, seconds)));
}

async function runCannon(
  server: Server,
  call: HookCall,
  seconds: number,
  connections: number,
  nextHeaders?: () => Record<string, string>,
): Promise<autocannon.Result> {
  const headers = { 'content-type': 'application/json' };
  const result = await autocannon({
    url: `${server.origin}${call.path}`,
    method: 'POST',
    headers,
    body: call.body,
    // Each connection sets its next request's headers when an answer arrives. (A shared `requests`
    // list would not do: autocannon builds every connection's first request into the same object.)
    ...(nextHeaders
      ? {
          setupClient: (client: autocannon.Client) => {
            client.setHeaders({ ...headers, ...nextHeaders() });
            client.on('response', () => client.setHeaders({ ...headers, ...nextHeaders() }));
          },
        }
      : {}),
    connections,
    duration: seconds,
    // A 5 MB call on a busy machine can wait longer than autocannon's 10 s default.
    timeout: 60,
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0 || result['2xx'] === 0) {
    throw new Error(
      `${server.kind} / ${call.label}: autocannon saw ${result['2xx']} 2xx, ${result.non2xx} non-2xx ` +
        `(4xx ${result['4xx']}, 5xx ${result['5xx']}), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return result;
}

async function measuredRun(server: Server, call: HookCall, settings: Settings, headersFor?: HeadersFor): Promise<RunResult> {
  const nextHeaders = headersFor && (await headersFor(server, settings.duration));
  const before = await usage(server);
  const started = performance.now();
  const result = await runCannon(server, call, settings.duration, settings.connections, nextHeaders);
  const seconds = (performance.now() - started) / 1000;
  const after = await usage(server);
  const served = after.served - before.served;
  return { rps: served / seconds, cpuMs: (after.micros - before.micros) / 1000 / served, p99: result.latency.p99 };
}

/** A run shorter than this many responses says little about CPU per request: slow calls run longer. */
const MIN_RESPONSES = 20;

/**
 * Every server warmed up, then `pairs` rounds in which each server takes one run, the order turning
 * by one each round. Result i of every server comes from round i: those are compared as a pair.
 * When the slowest server's warm-up pace would give a run fewer than MIN_RESPONSES responses, the
 * runs last long enough for them, up to five times the set duration.
 */
export async function pairedRuns<K extends string>(
  label: string,
  servers: Record<K, Server>,
  call: HookCall,
  settings: Settings,
  headersFor?: HeadersFor,
  onRun?: (kind: K, run: RunResult) => void,
): Promise<Record<K, RunResult[]>> {
  const kinds = Object.keys(servers) as K[];
  let duration = settings.duration;
  if (settings.warmup > 0) {
    let slowest = Infinity;
    for (const kind of kinds) {
      const warm = await cannon(servers[kind], call, settings.warmup, settings.connections, headersFor);
      slowest = Math.min(slowest, warm.requests.total / settings.warmup);
    }
    duration = Math.min(5 * settings.duration, Math.max(settings.duration, Math.ceil(MIN_RESPONSES / slowest)));
    if (duration > settings.duration) process.stdout.write(`  ${label}: ${slowest.toFixed(1)} req/s in warm-up, runs of ${duration} s\n`);
  }
  const runs = Object.fromEntries(kinds.map((kind) => [kind, [] as RunResult[]])) as Record<K, RunResult[]>;
  for (let round = 0; round < settings.pairs; round++) {
    const turn = round % kinds.length;
    const order = [...kinds.slice(turn), ...kinds.slice(0, turn)];
    const line: string[] = [];
    for (const kind of order) {
      const run = await measuredRun(servers[kind], call, { ...settings, duration }, headersFor);
      runs[kind].push(run);
      onRun?.(kind, run);
      line.push(`${kind} ${run.rps.toFixed(0)} req/s ${run.cpuMs.toFixed(2)} ms CPU/req`);
    }
    process.stdout.write(`  ${label} ${round + 1}/${settings.pairs}: ${line.join(', ')}\n`);
  }
  return runs;
}

// ---------------------------------------------------------------------------------------------
// Single requests
// ---------------------------------------------------------------------------------------------

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export function closeAgent(): void {
  agent.destroy();
}

export interface Reply {
  status: number;
  body: string;
  ms: number;
}

/** One POST; sent again, once, when the server had closed the kept-alive connection it went out on. */
export async function post(url: string, body: Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  try {
    return await postOnce(url, body, headers);
  } catch (err) {
    if ((err as { staleConnection?: boolean }).staleConnection !== true) throw err;
    return postOnce(url, body, headers);
  }
}

function postOnce(url: string, body: Buffer, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', reject);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) =>
      reject(req.reusedSocket && err.code === 'ECONNRESET' ? Object.assign(err, { staleConnection: true }) : err),
    );
    req.end(body);
  });
}

/** The cards of a 200 answer; anything else fails the bench. */
export async function cardsOf(server: Server, call: HookCall, headers: Record<string, string> = {}): Promise<{ summary?: unknown }[]> {
  const reply = await post(`${server.origin}${call.path}`, call.body, headers);
  const where = `${server.kind} / ${call.label}`;
  if (reply.status !== 200) throw new Error(`${where}: status ${reply.status}, body ${reply.body.slice(0, 300)}`);
  let cards: unknown;
  try {
    cards = (JSON.parse(reply.body) as { cards?: unknown }).cards;
  } catch {
    throw new Error(`${where}: response is not JSON: ${reply.body.slice(0, 300)}`);
  }
  if (!Array.isArray(cards)) throw new Error(`${where}: response has no cards array: ${reply.body.slice(0, 300)}`);
  return cards as { summary?: unknown }[];
}

/** Latency of one request at a time, the two calls taking turns; sample i of each is a pair. */
export async function alternatingLatency(
  first: { server: Server; call: HookCall },
  second: { server: Server; call: HookCall },
  runs: number,
  warmups: number,
): Promise<[number[], number[]]> {
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < warmups + runs; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const which of order) {
      const { server, call } = which === 0 ? first : second;
      const reply = await post(`${server.origin}${call.path}`, call.body);
      if (reply.status !== 200) throw new Error(`${server.kind} / ${call.label}: status ${reply.status}, body ${reply.body.slice(0, 300)}`);
      if (i >= warmups) samples[which].push(reply.ms);
    }
  }
  return samples;
}

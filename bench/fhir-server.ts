/**
 * A FHIR server on loopback that answers at once: every search and read the service's prefetch
 * templates make is answered with bytes serialised before the bench starts, so what the bench sees
 * is the service's own cost of fetching (its HTTP client, parsing, the parallel round) and not a
 * server's. It counts the queries and when they arrive; held answers (`holdAnswers`) tell whether
 * the service sent every query of a call before it had any answer: one parallel round.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Arrival {
  /** The resource type queried: the first segment after the base path. */
  type: string;
  /** ms since the server started. */
  at: number;
}

export interface LoopbackFhirServer {
  /** The base URL the hook request gives as fhirServer. */
  base: string;
  /** Queries received since the last call of `takeArrivals`. */
  takeArrivals(): Arrival[];
  /** Answers from now on wait `ms` first (0: at once again). */
  holdAnswers(ms: number): void;
  close(): Promise<void>;
}

const BASE_PATH = '/fhir';

/** `bodies` maps a resource type ("Observation") to the JSON answered for any query about it. */
export function startFhirServer(bodies: ReadonlyMap<string, unknown>): Promise<LoopbackFhirServer> {
  const serialised = new Map([...bodies].map(([type, value]) => [type, Buffer.from(JSON.stringify(value))]));
  const started = performance.now();
  let arrivals: Arrival[] = [];
  let holdMs = 0;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const type = path.startsWith(`${BASE_PATH}/`) ? path.slice(BASE_PATH.length + 1).split('/')[0] : '';
    arrivals.push({ type, at: performance.now() - started });
    const body = serialised.get(type);
    const answer = () => {
      if (!body) {
        res.writeHead(404, { 'content-type': 'application/fhir+json' }).end('{"resourceType":"OperationOutcome","issue":[]}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/fhir+json', 'content-length': body.length }).end(body);
    };
    if (holdMs > 0) setTimeout(answer, holdMs);
    else answer();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        base: `http://127.0.0.1:${port}${BASE_PATH}`,
        takeArrivals: () => {
          const taken = arrivals;
          arrivals = [];
          return taken;
        },
        holdAnswers: (ms) => {
          holdMs = ms;
        },
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

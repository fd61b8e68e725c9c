/**
 * A loopback HTTP server that answers as each test scripts it: slow, failing, refusing, or with
 * bodies that are not FHIR. It records every request it receives, so a test can prove a request
 * never arrived.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status?: number;
  contentType?: string;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface ScriptedRequest {
  /** Path and query, as received. */
  url: string;
  resourceType: string;
  authorization?: string;
}

export type Script = (request: ScriptedRequest) => Reply;

export class ScriptedFhirServer {
  readonly received: ScriptedRequest[] = [];
  script: Script = () => ({ status: 404 });
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<ScriptedFhirServer> {
    const server = http.createServer();
    const instance = new ScriptedFhirServer(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => instance.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get baseUrl(): string {
    return `${this.origin}/fhir`;
  }

  reset(script: Script): void {
    this.script = script;
    this.received.length = 0;
  }

  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const request: ScriptedRequest = {
      url,
      resourceType: new URL(url, 'http://localhost').pathname.replace(/^\/fhir\/?/, '').split('/')[0],
      ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
    };
    this.received.push(request);
    const reply = this.script(request);
    const send = () => {
      const body = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { 'Content-Type': reply.contentType ?? 'application/fhir+json', ...reply.headers });
      res.end(body);
    };
    if (!reply.delayMs) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!res.destroyed) send();
    }, reply.delayMs);
    this.timers.add(timer);
  }
}

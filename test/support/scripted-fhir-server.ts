/**
 * A loopback HTTP server that answers as each test scripts it: slow, failing, refusing, or with
 * bodies that are not FHIR. It records every request it receives, so a test can prove a request
 * never arrived.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface Reply {
  status?: number;
  contentType?: string;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Instead of `body`: a Bundle streamed in chunks, as fast as the client reads or one chunk every intervalMs. */
  stream?: StreamedBody;
  /** The body gzip-compressed, with Content-Encoding: gzip. */
  gzip?: boolean;
  /** No answer at all: the connection is closed as the request arrives. */
  drop?: boolean;
}

export interface StreamedBody {
  chunkBytes: number;
  /** 0: as fast as the client takes it. */
  intervalMs: number;
  /** The body ends (as valid JSON) after about this many bytes, or earlier if the client goes away. */
  totalBytes: number;
}

export interface ScriptedRequest {
  /** Path and query, as received. */
  url: string;
  resourceType: string;
  authorization?: string;
  /** The client's port: requests on one kept-alive connection share it. */
  clientPort: number;
}

export type Script = (request: ScriptedRequest) => Reply;

export class ScriptedFhirServer {
  readonly received: ScriptedRequest[] = [];
  /** Bytes of streamed bodies the operating system took from this server, i.e. what a client could read. */
  streamedBytes = 0;
  private openStreams = 0;
  private readonly whenStreamsClosed: (() => void)[] = [];
  script: Script = () => ({ status: 404 });
  /** Connections made since the last reset that are still open, and the most of them open at once. */
  connections = new Set<Socket>();
  peakConnections = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<ScriptedFhirServer> {
    const server = http.createServer();
    const instance = new ScriptedFhirServer(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => instance.handle(req, res));
    server.on('connection', (socket: Socket) => {
      const { connections } = instance;
      connections.add(socket);
      instance.peakConnections = Math.max(instance.peakConnections, connections.size);
      socket.once('close', () => connections.delete(socket));
    });
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
    this.streamedBytes = 0;
    this.connections = new Set();
    this.peakConnections = 0;
  }

  /** Resolves once every streamed body has ended or its client has closed the connection. */
  streamsClosed(): Promise<void> {
    if (this.openStreams === 0) return Promise.resolve();
    return new Promise((resolve) => this.whenStreamsClosed.push(resolve));
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
      clientPort: req.socket.remotePort ?? 0,
    };
    this.received.push(request);
    const reply = this.script(request);
    if (reply.drop) {
      req.socket.destroy();
      return;
    }
    if (reply.stream) {
      this.stream(res, reply.stream, reply.headers);
      return;
    }
    const send = () => {
      const body = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
      const encoding = reply.gzip ? { 'Content-Encoding': 'gzip' } : {};
      res.writeHead(reply.status ?? 200, { 'Content-Type': reply.contentType ?? 'application/fhir+json', ...encoding, ...reply.headers });
      res.end(reply.gzip ? gzipSync(body) : body);
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

  /** A Bundle whose entries never end until totalBytes, written with backpressure; stops when the client leaves. */
  private stream(res: ServerResponse, body: StreamedBody, headers: Record<string, string> = {}): void {
    const head = '{"resourceType":"Bundle","type":"searchset","entry":[';
    const entry = '{"fullUrl":"x"},';
    const chunk = Buffer.from(entry.repeat(Math.max(1, Math.floor(body.chunkBytes / entry.length))));
    let written = 0;
    this.openStreams += 1;
    res.once('close', () => {
      this.openStreams -= 1;
      if (this.openStreams === 0) for (const resolve of this.whenStreamsClosed.splice(0)) resolve();
    });
    res.writeHead(200, { 'Content-Type': 'application/fhir+json', ...headers });
    res.write(head);
    const pump = () => {
      if (res.destroyed) return;
      if (written >= body.totalBytes) {
        res.end('{"fullUrl":"x"}]}');
        return;
      }
      written += chunk.length;
      const more = res.write(chunk, (err) => {
        if (!err) this.streamedBytes += chunk.length;
      });
      if (body.intervalMs > 0) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          pump();
        }, body.intervalMs);
        this.timers.add(timer);
      } else if (more) {
        setImmediate(pump);
      } else {
        res.once('drain', pump);
      }
    };
    pump();
  }
}

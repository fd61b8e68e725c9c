/**
 * A loopback TCP proxy that can freeze: while frozen it accepts connections and bytes but passes
 * nothing on, in either direction, as a SIGSTOPped database server would. Thawing passes on what
 * was held. A connection the client closes is closed upstream too; `cut` drops them all.
 */
import net from 'node:net';

export class FreezableProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly held: (() => void)[] = [];
  private frozen = false;

  constructor(private readonly upstream: { host: string; port: number }) {
    this.server = net.createServer((client) => this.pipe(client));
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
    for (const pass of this.held.splice(0)) pass();
  }

  /** Drops every open connection, as a database process killed mid-query would. */
  cut(): void {
    for (const socket of this.sockets) socket.destroy();
    this.held.length = 0;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: net.Socket): void {
    const server = net.connect(this.upstream);
    for (const [from, to] of [
      [client, server],
      [server, client],
    ] as const) {
      this.sockets.add(from);
      from.on('data', (chunk: Buffer) => {
        const pass = () => {
          if (!to.destroyed) to.write(chunk);
        };
        if (this.frozen) this.held.push(pass);
        else pass();
      });
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
      from.on('error', () => to.destroy());
    }
  }
}

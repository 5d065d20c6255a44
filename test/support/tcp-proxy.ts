import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a real server (Postgres): `cut()` drops every connection
 * and refuses new ones, as a stopped database does; `restore()` serves again on the same port.
 */
export class TcpProxy {
  readonly #target: { host: string; port: number };
  #server: Server | null = null;
  #sockets = new Set<Socket>();
  port = 0;

  constructor(target: { host: string; port: number }) {
    this.#target = target;
  }

  async start(): Promise<this> {
    await this.#listen(0);
    return this;
  }

  #listen(port: number): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.#target);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.#server = server;
    return new Promise((resolve) =>
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        this.port = typeof address === 'object' && address ? address.port : port;
        resolve();
      }),
    );
  }

  /** The store goes away: open connections are reset, new ones refused. */
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    for (const s of this.#sockets) s.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** The store is back, on the same address. */
  restore(): Promise<void> {
    return this.#server ? Promise.resolve() : this.#listen(this.port);
  }

  stop(): Promise<void> {
    return this.cut();
  }
}

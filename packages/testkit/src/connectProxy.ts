/**
 * A local HTTP CONNECT proxy for tests: tunnels each CONNECT to its target (TLS stays end to end, so mTLS through
 * it is real) and records which targets were tunnelled. Anything other than CONNECT is answered 405.
 */

import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

/** A started CONNECT proxy. */
export class ConnectProxy {
  /** The `host:port` of every CONNECT, in order. */
  readonly tunnels: string[] = [];
  readonly #sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  /** Starts a proxy on a loopback port. */
  static async start(): Promise<ConnectProxy> {
    const server = createServer((_request, response) => {
      response.writeHead(405).end();
    });
    const proxy = new ConnectProxy(server);
    server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) =>
      proxy.#tunnel(request, client, head),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** `http://127.0.0.1:<port>`, for `HTTPS_PROXY`. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  #tunnel(request: IncomingMessage, client: Socket, head: Buffer): void {
    const target = request.url ?? '';
    this.tunnels.push(target);
    const separator = target.lastIndexOf(':');
    const host = target.slice(0, separator).replace(/^\[(.*)\]$/, '$1');
    const port = Number(target.slice(separator + 1));
    const upstream = connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  }

  /** Stops listening and closes every tunnel. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Keep-alive reuse for sequential callers. undici frees a connection of a pool only one event-loop turn after its
 * response ended (pipelining 1), so a request sent right after the previous one finished makes the pool open a
 * second connection (a new TLS handshake), although the first is about to be free. Go's transport reuses the
 * connection at once. {@link ConnectionRegistry} remembers the connections (undici `Client`s) of every per-origin
 * pool it builds, so a sequential request can be handed to an already connected one directly: the Client queues it
 * and writes it once its socket passed undici's own idle-socket check (the same turn bare undici waits), without a
 * second connection and without an extra turn of ours.
 */

import { Client, type Dispatcher, Pool } from 'undici';

function originKey(origin: string | URL): string {
  return typeof origin === 'string' ? origin : origin.origin;
}

/** The connections of the per-origin pools of one undici Agent. */
export class ConnectionRegistry {
  readonly #byOrigin = new Map<string, Set<Client>>();

  /** Every per-origin pool built (undici's `Agent.close()` forgets them; `destroy()` must still reach them). */
  readonly pools = new Set<Dispatcher>();

  /** The Agent `factory`: a Client (one connection) or a Pool whose Clients are registered. */
  readonly factory = (origin: string | URL, opts: object): Dispatcher => {
    const options = opts as Pool.Options;
    const key = originKey(new URL(String(origin)));
    const pool =
      options.connections === 1
        ? this.#register(key, new Client(origin, options))
        : new Pool(origin, {
            ...options,
            factory: (url, clientOptions) => this.#register(key, new Client(url, clientOptions)),
          });
    this.pools.add(pool);
    return pool;
  };

  /**
   * A live, connected connection to `origin` with nothing queued or running, or undefined (none yet, all busy or
   * gone; the origin unknown, e.g. behind a proxy agent). Closed connections are forgotten here.
   */
  idleConnection(origin: string | URL): Client | undefined {
    const clients = this.#byOrigin.get(originKey(origin));
    if (clients === undefined) return undefined;
    for (const client of clients) {
      if (client.closed || client.destroyed) {
        clients.delete(client);
        continue;
      }
      const stats = client.stats;
      if (stats.connected && stats.size === 0) return client;
    }
    return undefined;
  }

  /** Whether connections to `origin` are registered here (some may be closed). */
  knows(origin: string | URL): boolean {
    return this.#byOrigin.has(originKey(origin));
  }

  #register(key: string, client: Client): Client {
    let clients = this.#byOrigin.get(key);
    if (clients === undefined) {
      clients = new Set();
      this.#byOrigin.set(key, clients);
    }
    for (const known of clients) {
      if (known.closed || known.destroyed) clients.delete(known);
    }
    clients.add(client);
    return client;
  }
}

/**
 * Fault injection for client tests: a raw mTLS server whose behaviour can reset or stall connections, plus small
 * helpers (a closed port, polling until a condition holds).
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import type { CertificateAuthority } from './certificateAuthority';

/** Answers (or fails) one request; `attempt` counts requests to the same path, from 1. */
export type FaultBehaviour = (request: IncomingMessage, response: ServerResponse, attempt: number) => void;

/**
 * A raw mTLS (TLS 1.3) server on 127.0.0.1 (client certificates from `ca` required) for faults a testkit MTLSServer handler cannot express: resetting the
 * connection before or in the middle of a response, stalling headers or the body.
 */
export class FaultServer {
  /** Requests received per path. */
  readonly attempts = new Map<string, number>();
  readonly #sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    public behaviour: FaultBehaviour,
  ) {}

  /** Starts the server with a certificate issued by `ca`; `behaviour` answers every request. */
  static async start(ca: CertificateAuthority, behaviour: FaultBehaviour): Promise<FaultServer> {
    const certificate = await ca.issueServer();
    const server = createServer({
      key: certificate.privateKeyPem,
      cert: certificate.certificatePem,
      ca: [ca.certificatePem],
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.3',
    });
    const fault = new FaultServer(server, behaviour);
    server.on('connection', (socket: Socket) => {
      fault.#sockets.add(socket);
      socket.once('close', () => fault.#sockets.delete(socket));
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const path = request.url ?? '/';
      const attempt = (fault.attempts.get(path) ?? 0) + 1;
      fault.attempts.set(path, attempt);
      request.resume();
      fault.behaviour(request, response, attempt);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fault;
  }

  /** `https://127.0.0.1:<port>`. */
  get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** TCP sockets currently open. */
  get openSockets(): number {
    return this.#sockets.size;
  }

  /** Requests received for `path`. */
  count(path: string): number {
    return this.attempts.get(path) ?? 0;
  }

  /** Destroys every connection and stops listening. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }
}

/** Destroys the connection without answering. */
export function resetConnection(response: ServerResponse): void {
  response.socket?.destroy();
}

/** Sends the headers and part of a JSON body, then destroys the connection. */
export function resetMidResponse(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': '64' });
  response.write('{"partial":', () => response.socket?.destroy());
}

/** Sends the headers and part of a JSON body, then never finishes. */
export function stallBody(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"partial":');
}

/** A port nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls `condition` every 5 ms until it holds; throws after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { SecureVersion, TLSSocket } from 'node:tls';
import { readBodyText } from './httpBody';

/** The client certificate a request arrived with. */
export interface PeerCertificate {
  /** PEM of the leaf the client presented. */
  readonly pem: string;
  /** Subject CN ('' when the subject has none). */
  readonly commonName: string;
  /** Lowercase hex, as `X509Certificate.serialNumber` prints it. */
  readonly serialNumber: string;
  /** SHA-256 of the DER, lowercase hex without separators. */
  readonly fingerprint: string;
}

/** One request the mTLS server received. */
export interface RecordedRequest {
  readonly method: string;
  /** The request target exactly as on the wire (`req.url`: path and query, not decoded). */
  readonly rawPath: string;
  /** Header name/value pairs in wire order with the names' original case. */
  readonly rawHeaders: readonly (readonly [string, string])[];
  /** Node's parsed headers (lowercase names). */
  readonly headers: IncomingHttpHeaders;
  /** Body as UTF-8 text ('' when none). */
  readonly body: string;
  /** The verified client certificate, when the client sent one. */
  readonly clientCertificate?: PeerCertificate;
  /** Negotiated TLS version (`TLSv1.3`, `TLSv1.2`). */
  readonly tlsVersion: string | null;
  /** Sequence number of the TLS connection the request used (1 = first connection); equal ids share a socket. */
  readonly connectionId: number;
}

/** The answer a handler gives: status, optional headers, body (string/bytes sent as is, anything else as JSON). */
export interface HandlerResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: unknown;
}

/** Computes the response to a recorded request. */
export type RequestHandler = (request: RecordedRequest) => HandlerResponse | Promise<HandlerResponse>;

/** Server certificate material; an {@link IssuedCertificate} fits as is (its `chainPem` is presented when set). */
export interface ServerCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly chainPem?: string;
}

/** Trusted client CA(s): PEM strings or objects with a `certificatePem` (such as a {@link CertificateAuthority}). */
export type TrustedCAs =
  | string
  | { readonly certificatePem: string }
  | readonly (string | { readonly certificatePem: string })[];

/** Options for {@link MTLSServer.start}. */
export interface MTLSServerOptions {
  /** CA(s) client certificates must chain to. */
  readonly ca: TrustedCAs;
  /** The server's certificate and key. */
  readonly certificate: ServerCertificate;
  /** Ask for a client certificate. Default true. */
  readonly requestCert?: boolean;
  /** Refuse clients without a certificate from `ca`. Default true. */
  readonly rejectUnauthorized?: boolean;
  /** Default `TLSv1.2`. */
  readonly minVersion?: SecureVersion;
  /** Default `TLSv1.3`. */
  readonly maxVersion?: SecureVersion;
  /** Default: 200 with JSON `{"ok":true}`. */
  readonly handler?: RequestHandler;
  /** How long an idle keep-alive connection stays open (and is advertised to clients); default Node's 5 s. */
  readonly keepAliveTimeoutMs?: number;
}

const defaultHandler: RequestHandler = () => ({ status: 200, body: { ok: true } });

function trustedPems(ca: TrustedCAs): string[] {
  const list = Array.isArray(ca) ? ca : [ca];
  return list.map((entry: string | { certificatePem: string }) =>
    typeof entry === 'string' ? entry : entry.certificatePem,
  );
}

function commonNameOf(subject: string): string {
  for (const line of subject.split('\n')) if (line.startsWith('CN=')) return line.slice(3);
  return '';
}

function peerCertificate(socket: TLSSocket): PeerCertificate | undefined {
  const certificate = socket.getPeerX509Certificate();
  if (certificate === undefined) return undefined;
  return {
    pem: certificate.toString(),
    commonName: commonNameOf(certificate.subject),
    serialNumber: certificate.serialNumber.toLowerCase(),
    fingerprint: createHash('sha256').update(certificate.raw).digest('hex'),
  };
}

function pairs(raw: readonly string[]): [string, string][] {
  const result: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) result.push([raw[i], raw[i + 1]]);
  return result;
}

/**
 * An HTTPS server on 127.0.0.1 that asks for client certificates (mutual TLS), records every request and answers
 * through a replaceable handler. Certificates and trusted CAs can be swapped while running.
 *
 * ```ts
 * const server = await MTLSServer.start({ ca, certificate: await ca.issueServer() });
 * // ... client calls server.url
 * expect(server.requests[0].clientCertificate?.commonName).toBe('client-1');
 * await server.close();
 * ```
 */
export class MTLSServer {
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Messages of failed TLS handshakes (`tlsClientError`), for example a client without a certificate. */
  readonly tlsErrors: string[] = [];

  private readonly sockets = new Set<Socket>();
  private readonly connectionIds = new WeakMap<object, number>();
  private handshakeCount = 0;
  private handler: RequestHandler;
  private certificate: ServerCertificate;
  private trusted: string[];
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly options: MTLSServerOptions,
  ) {
    this.handler = options.handler ?? defaultHandler;
    this.certificate = options.certificate;
    this.trusted = trustedPems(options.ca);
  }

  /** Starts a server on 127.0.0.1 with an ephemeral port. */
  static async start(options: MTLSServerOptions): Promise<MTLSServer> {
    const server = createServer({
      ...MTLSServer.contextOptions(options.certificate, trustedPems(options.ca), options),
      requestCert: options.requestCert ?? true,
      rejectUnauthorized: options.rejectUnauthorized ?? true,
    });
    if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
    const mtls = new MTLSServer(server, options);
    server.on('connection', (socket: Socket) => {
      mtls.sockets.add(socket);
      socket.once('close', () => mtls.sockets.delete(socket));
    });
    server.on('secureConnection', (socket: TLSSocket) => {
      mtls.handshakeCount += 1;
      mtls.connectionIds.set(socket, mtls.handshakeCount);
    });
    server.on('tlsClientError', (error: Error) => {
      mtls.tlsErrors.push(error.message);
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      mtls.handle(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return mtls;
  }

  /** The listening port. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `https://127.0.0.1:<port>` (the default server certificate has the IP SAN 127.0.0.1). */
  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** Completed TLS handshakes (`secureConnection` events) so far. */
  get handshakes(): number {
    return this.handshakeCount;
  }

  /** TCP sockets currently open. */
  get openSockets(): number {
    return this.sockets.size;
  }

  /** Replaces the request handler. */
  setHandler(handler: RequestHandler): void {
    this.handler = handler;
  }

  /** Presents a new server certificate on new connections (existing connections keep theirs). */
  rotateCertificate(certificate: ServerCertificate): void {
    this.certificate = certificate;
    this.server.setSecureContext(MTLSServer.contextOptions(this.certificate, this.trusted, this.options));
  }

  /** Replaces the CAs client certificates must chain to (for new connections). */
  setTrustedCAs(ca: TrustedCAs): void {
    this.trusted = trustedPems(ca);
    this.server.setSecureContext(MTLSServer.contextOptions(this.certificate, this.trusted, this.options));
  }

  /** Forgets recorded requests and TLS errors (handshake count is kept). */
  clearRequests(): void {
    this.requests.length = 0;
    this.tlsErrors.length = 0;
  }

  /** Stops listening and closes every connection, including idle keep-alive sockets. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const socketsClosed = [...this.sockets].map((socket) => new Promise((resolve) => socket.once('close', resolve)));
      const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
      await Promise.all([serverClosed, ...socketsClosed]);
    })();
    return this.closing;
  }

  private static contextOptions(certificate: ServerCertificate, trusted: string[], options: MTLSServerOptions) {
    return {
      key: certificate.privateKeyPem,
      cert: certificate.chainPem ?? certificate.certificatePem,
      ca: trusted,
      minVersion: options.minVersion ?? 'TLSv1.2',
      maxVersion: options.maxVersion ?? 'TLSv1.3',
    } as const;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const socket = request.socket as TLSSocket;
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      rawPath: request.url ?? '/',
      rawHeaders: pairs(request.rawHeaders),
      headers: request.headers,
      body: await readBodyText(request),
      clientCertificate: peerCertificate(socket),
      tlsVersion: socket.getProtocol(),
      connectionId: this.connectionIds.get(socket) ?? 0,
    };
    this.requests.push(recorded);
    let answer: HandlerResponse;
    try {
      answer = await this.handler(recorded);
    } catch (error) {
      answer = {
        status: 500,
        body: { error: 'handler_failed', message: error instanceof Error ? error.message : String(error) },
      };
    }
    this.send(response, answer);
  }

  private send(response: ServerResponse, answer: HandlerResponse): void {
    if (response.destroyed || response.writableEnded) return;
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers ?? {})) {
      headers[name.toLowerCase()] = typeof value === 'string' ? value : [...value];
    }
    let payload: string | Uint8Array | undefined;
    if (typeof answer.body === 'string' || answer.body instanceof Uint8Array) payload = answer.body;
    else if (answer.body !== undefined) {
      payload = JSON.stringify(answer.body);
      headers['content-type'] ??= 'application/json';
    }
    response.writeHead(answer.status, headers);
    response.end(payload);
  }
}

import { X509Certificate } from 'node:crypto';
import {
  type CertificateAuthority,
  type HandlerResponse,
  MTLSServer,
  type RecordedRequest,
  type ServerCertificate,
  type TrustedCAs,
} from '@unikorn-cloud/testkit';
import { APIContract, type ContractSource } from './contract';
import { answerContractRequest } from './requestPipeline';
import type { APIAuthorizer, APICall, APIOverride, OperationHandler } from './types';

/** Options every contract server takes. */
export interface ContractServerOptions {
  /** The CA that issued the server certificate (clients trust {@link ContractServer.caPem}); default client CA. */
  readonly ca: CertificateAuthority | string;
  /** Server certificate; default `ca.issueServer()` (needs `ca` to be a {@link CertificateAuthority}). */
  readonly certificate?: ServerCertificate;
  /** CAs client certificates must be issued by; default `ca`. */
  readonly trustedCAs?: TrustedCAs;
  /** The OpenAPI contract: file path or parsed document (every operation needs an operationId). */
  readonly contract: ContractSource;
  /**
   * True: the TLS handshake refuses clients without a certificate from `trustedCAs`. Default false: every client
   * connects and the server answers 401 (no certificate) or 400 (untrusted certificate) like the Go middleware.
   */
  readonly requireClientCertificate?: boolean;
  /** How long idle keep-alive connections stay open; default Node's 5 s. */
  readonly keepAliveTimeoutMs?: number;
}

/** What {@link ContractServer.listen} set up, handed to the subclass constructor. */
export interface ListeningContract {
  readonly mtls: MTLSServer;
  readonly contract: APIContract;
  readonly caPem: string;
  readonly trusted: TrustedCAs;
}

const pemCertificates = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

function parseTrusted(trusted: TrustedCAs): X509Certificate[] {
  const list = Array.isArray(trusted) ? trusted : [trusted];
  return list
    .flatMap((entry: string | { certificatePem: string }) => {
      const pem = typeof entry === 'string' ? entry : entry.certificatePem;
      return pem.match(pemCertificates) ?? [];
    })
    .map((pem) => new X509Certificate(pem));
}

function serverCertificate(options: ContractServerOptions): Promise<ServerCertificate> {
  if (options.certificate !== undefined) return Promise.resolve(options.certificate);
  if (typeof options.ca === 'string') throw new Error('a server certificate is required when ca is a PEM');
  return options.ca.issueServer();
}

/**
 * An API server for tests and the demo: HTTPS with mutual TLS on 127.0.0.1 (built on {@link MTLSServer}), validating
 * every request against its contract and authenticating like a Go Unikorn server (TLS peer certificate in the role of
 * the ingress-verified `Ssl-Client-Cert`, relayed `Unikorn-Client-Certificate`, `X-Principal`). Subclasses hold the
 * in-memory state and the operation handlers; operations without a handler answer 501 after validation.
 */
export abstract class ContractServer<S> {
  /** Every request answered, in order. */
  readonly calls: APICall[] = [];
  /** The underlying mTLS server (raw request records, handshakes, certificate rotation). */
  readonly mtls: MTLSServer;
  /** The compiled contract, also usable for response validation in tests. */
  readonly contract: APIContract;
  /** PEM of the CA that issued the server certificate. */
  readonly caPem: string;

  private authorizer: APIAuthorizer | undefined;
  private readonly overrides = new Map<string, APIOverride>();
  private trusted: X509Certificate[];

  protected constructor(listening: ListeningContract) {
    this.mtls = listening.mtls;
    this.contract = listening.contract;
    this.caPem = listening.caPem;
    this.trusted = parseTrusted(listening.trusted);
    this.mtls.setHandler((request) => this.answer(request));
  }

  /** Loads the contract and starts listening on 127.0.0.1 with an ephemeral port (no handler yet). */
  protected static async listen(options: ContractServerOptions): Promise<ListeningContract> {
    const caPem = typeof options.ca === 'string' ? options.ca : options.ca.certificatePem;
    const trusted = options.trustedCAs ?? caPem;
    const [contract, certificate] = await Promise.all([APIContract.load(options.contract), serverCertificate(options)]);
    const mtls = await MTLSServer.start({
      ca: trusted,
      certificate,
      rejectUnauthorized: options.requireClientCertificate ?? false,
      keepAliveTimeoutMs: options.keepAliveTimeoutMs,
    });
    return { mtls, contract, caPem, trusted };
  }

  /** The state handlers see for one request. */
  protected abstract state(): S;

  /** The built-in operation handlers, by operationId. */
  protected abstract handlers(): Readonly<Record<string, OperationHandler<S>>>;

  /** Whether `format: uuid` path parameters bind as Go typed IDs (400 before authentication); default false. */
  protected typedUUIDs(): boolean {
    return false;
  }

  /** The subject of a bearer token this server accepts, or undefined; a server without it accepts no bearer tokens. */
  protected bearerSubject?(token: string): string | undefined;

  /** `https://127.0.0.1:<port>`. */
  get url(): string {
    return this.mtls.url;
  }

  /** The listening port. */
  get port(): number {
    return this.mtls.port;
  }

  /** Raw records of every request received (see {@link MTLSServer.requests}). */
  get requests(): readonly RecordedRequest[] {
    return this.mtls.requests;
  }

  /** Sets (or with undefined clears) the authorizer; when it returns false the call gets 403 `forbidden`. */
  setAuthorizer(authorizer: APIAuthorizer | undefined): void {
    this.authorizer = authorizer;
  }

  /**
   * Forces answers for an operation after validation, authentication and the authorizer (undefined clears it).
   * An override returning undefined lets the server answer normally.
   */
  override(operationId: string, override: APIOverride | undefined): void {
    if (!this.contract.operationIds.includes(operationId)) throw new Error(`unknown operation ${operationId}`);
    if (override === undefined) this.overrides.delete(operationId);
    else this.overrides.set(operationId, override);
  }

  /** Replaces the CAs client certificates must be issued by (for new connections and verification). */
  setTrustedCAs(trusted: TrustedCAs): void {
    this.trusted = parseTrusted(trusted);
    this.mtls.setTrustedCAs(trusted);
  }

  /** Forgets recorded calls and requests. */
  clearCalls(): void {
    this.calls.length = 0;
    this.mtls.clearRequests();
  }

  /** Stops the server and closes every connection. Idempotent. */
  close(): Promise<void> {
    return this.mtls.close();
  }

  private async answer(request: RecordedRequest): Promise<HandlerResponse> {
    const { response, call } = await answerContractRequest(request, {
      contract: this.contract,
      trusted: this.trusted,
      state: this.state(),
      authorizer: this.authorizer,
      overrides: this.overrides,
      handlers: this.handlers(),
      typedUUIDs: this.typedUUIDs(),
      bearer: this.bearerSubject === undefined ? undefined : (token) => this.bearerSubject?.(token),
    });
    this.calls.push(call);
    return response;
  }
}

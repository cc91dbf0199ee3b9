import { X509Certificate } from 'node:crypto';
import type { CertificateAuthority } from '@unikorn-cloud/testkit';
import {
  type HandlerResponse,
  MTLSServer,
  type RecordedRequest,
  type ServerCertificate,
  type TrustedCAs,
} from '@unikorn-cloud/testkit';
import { catalogOperations } from './catalogOperations';
import { RegionContract, type RegionContractSource } from './contract';
import { networkOperations } from './networkOperations';
import { type NetworkSeed, NetworkStore } from './networkStore';
import { networkView } from './networkView';
import { RegionCatalog, type RegionImageSeed, type RegionSeed } from './regionCatalog';
import { answerRegionRequest } from './requestPipeline';
import type { RegionState } from './responses';
import type { RegionAuthorizer, RegionCall, RegionOverride } from './types';

/** Options for {@link RegionAPIServer.start}. */
export interface RegionAPIServerOptions {
  /** The CA that issued the server certificate (clients trust {@link RegionAPIServer.caPem}); default client CA. */
  readonly ca: CertificateAuthority | string;
  /** Server certificate; default `ca.issueServer()` (needs `ca` to be a {@link CertificateAuthority}). */
  readonly certificate?: ServerCertificate;
  /** CAs client certificates must be issued by; default `ca`. */
  readonly trustedCAs?: TrustedCAs;
  /** The region OpenAPI contract: file path or parsed document (every operation needs an operationId). */
  readonly contract: RegionContractSource;
  /** Milliseconds since the epoch; default `Date.now`. Drives resource timestamps and deletion (not TLS validity). */
  readonly clock?: () => number;
  /** How long an API-deleted network stays visible as `deprovisioning`; default 0 (gone at once). */
  readonly deleteDelayMs?: number;
  /**
   * True: the TLS handshake refuses clients without a certificate from `trustedCAs`. Default false: every client
   * connects and the server answers 401 (no certificate) or 400 (untrusted certificate) like the Go middleware.
   */
  readonly requireClientCertificate?: boolean;
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

/**
 * A region API server for tests and the demo: HTTPS with mutual TLS on 127.0.0.1 (built on {@link MTLSServer}),
 * validating every request against the region contract and authenticating like a Go region server (TLS peer
 * certificate, relayed `Unikorn-Client-Certificate`, `X-Principal`). Networks, references, images and regions live in
 * memory; other operations answer 501 after validation.
 *
 * ```ts
 * const region = await RegionAPIServer.start({ ca, contract: 'contract/region.v2.yaml' });
 * const networkId = region.addNetwork({ organizationId, projectId, regionId, name: 'net' });
 * // ... client PUTs /api/v2/networks/<id>/references/<ref>
 * expect(region.references(networkId)).toEqual(['computeclusters.compute.unikorn-cloud.org/abc']);
 * await region.close();
 * ```
 */
export class RegionAPIServer {
  /** Every request answered, in order. */
  readonly calls: RegionCall[] = [];

  private authorizer: RegionAuthorizer | undefined;
  private readonly overrides = new Map<string, RegionOverride>();
  private readonly networks: NetworkStore;
  private readonly catalog: RegionCatalog;
  private trusted: X509Certificate[];

  private constructor(
    /** The underlying mTLS server (raw request records, handshakes, certificate rotation). */
    readonly mtls: MTLSServer,
    /** The compiled contract, also usable for response validation in tests. */
    readonly contract: RegionContract,
    /** PEM of the CA that issued the server certificate. */
    readonly caPem: string,
    trusted: TrustedCAs,
    clock: () => number,
    deleteDelayMs: number,
  ) {
    this.trusted = parseTrusted(trusted);
    this.networks = new NetworkStore(clock, deleteDelayMs);
    this.catalog = new RegionCatalog(clock);
  }

  /** Loads the contract and starts listening on 127.0.0.1 with an ephemeral port. */
  static async start(options: RegionAPIServerOptions): Promise<RegionAPIServer> {
    const caPem = typeof options.ca === 'string' ? options.ca : options.ca.certificatePem;
    const trusted = options.trustedCAs ?? caPem;
    const [contract, certificate] = await Promise.all([
      RegionContract.load(options.contract),
      RegionAPIServer.serverCertificate(options),
    ]);
    const mtls = await MTLSServer.start({
      ca: trusted,
      certificate,
      rejectUnauthorized: options.requireClientCertificate ?? false,
    });
    const clock = options.clock ?? Date.now;
    const server = new RegionAPIServer(mtls, contract, caPem, trusted, clock, options.deleteDelayMs ?? 0);
    mtls.setHandler((request) => server.answer(request));
    return server;
  }

  private static serverCertificate(options: RegionAPIServerOptions): Promise<ServerCertificate> {
    if (options.certificate !== undefined) return Promise.resolve(options.certificate);
    if (typeof options.ca === 'string') throw new Error('a server certificate is required when ca is a PEM');
    return options.ca.issueServer();
  }

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

  /** Adds a v2 network (provisioned, healthy) and returns its id. */
  addNetwork(seed: NetworkSeed): string {
    return this.networks.add(seed);
  }

  /** The `networkV2Read` JSON of a network, or undefined when it does not exist (any more). */
  network(networkId: string): Record<string, unknown> | undefined {
    const record = this.networks.get(networkId);
    return record === undefined ? undefined : networkView(record);
  }

  /** The references of a network in the order added; throws for an unknown network. */
  references(networkId: string): string[] {
    return [...this.networks.require(networkId).references];
  }

  /** Marks a network as being deleted (deprovisioning) and keeps it until {@link removeNetwork}. */
  markDeleting(networkId: string): void {
    this.networks.markDeleting(networkId);
  }

  /** Removes a network at once. */
  removeNetwork(networkId: string): void {
    this.networks.remove(networkId);
  }

  /** Adds a region (listed by v1 `listRegions`) and returns its id. */
  addRegion(region: RegionSeed): string {
    return this.catalog.addRegion(region);
  }

  /** Adds an image to a region (listed by `listImages`) and returns its id. */
  addImage(regionId: string, image: RegionImageSeed): string {
    return this.catalog.addImage(regionId, image);
  }

  /** Sets (or with undefined clears) the authorizer; when it returns false the call gets 403 `forbidden`. */
  setAuthorizer(authorizer: RegionAuthorizer | undefined): void {
    this.authorizer = authorizer;
  }

  /**
   * Forces answers for an operation after validation, authentication and the authorizer (undefined clears it).
   * An override returning undefined lets the server answer normally.
   */
  override(operationId: string, override: RegionOverride | undefined): void {
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
    const state: RegionState = { networks: this.networks, catalog: this.catalog, version: this.contract.version };
    const { response, call } = await answerRegionRequest(request, {
      contract: this.contract,
      trusted: this.trusted,
      state,
      authorizer: this.authorizer,
      overrides: this.overrides,
      handlers: { ...networkOperations, ...catalogOperations },
    });
    this.calls.push(call);
    return response;
  }
}

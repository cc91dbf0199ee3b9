import { createPrivateKey } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server, ServerWritableStream, ServiceClientConstructor, StatusObject } from '@grpc/grpc-js';
import { CertificateAuthority } from '../certificateAuthority';
import { certificateDER, issueSVID, type SVIDIssueOptions, type WorkloadSVID } from './svid';
import {
  WORKLOAD_API_DESCRIPTOR,
  WORKLOAD_API_HEADER,
  WORKLOAD_API_LOADER_OPTIONS,
  WORKLOAD_API_SERVICE,
  type X509SVIDResponseMessage,
} from './workloadDescriptor';

type GrpcModule = typeof import('@grpc/grpc-js');
type ProtoLoaderModule = typeof import('@grpc/proto-loader');

/** The SPIFFE ID served when none is given. */
export const DEFAULT_WORKLOAD_SPIFFE_ID = 'spiffe://example.org/ns/unikorn-client/sa/client';

/** Options for {@link FakeWorkloadAPI.start}. */
export interface FakeWorkloadAPIOptions {
  /** Unix socket path. Default `agent.sock` in a fresh temporary directory (removed by `close()`). */
  readonly socketPath?: string;
  /** CA issuing the SVIDs; its root is the bundle. Default a fresh EC P-256 root `spiffe-ca`. */
  readonly ca?: CertificateAuthority;
  /** SPIFFE ID of the issued SVIDs. Default {@link DEFAULT_WORKLOAD_SPIFFE_ID}. */
  readonly spiffeId?: string;
  /** The first SVID served. Default one issued from `ca` for `spiffeId`. */
  readonly svid?: WorkloadSVID;
  /** Federated bundles: trust domain (`example.com` or `spiffe://example.com`) → root CA PEMs. */
  readonly federatedBundles?: Readonly<Record<string, readonly string[]>>;
}

/** A CommonJS module's exports, whether the import gave a namespace with named exports or only `default`. */
function moduleExports<T extends object>(imported: T & { default?: T }, probe: keyof T): T {
  return probe in imported ? imported : (imported.default ?? imported);
}

function concatDER(pems: readonly string[]): Buffer {
  return Buffer.concat(pems.map(certificateDER));
}

/**
 * A fake SPIFFE Workload API (SPIRE agent) on a unix socket: a real `@grpc/grpc-js` server implementing the
 * server-streaming `SpiffeWorkloadAPI.FetchX509SVID`. Every stream gets the current X509SVIDResponse at once and
 * again on each {@link FakeWorkloadAPI.rotate}. Calls without the `workload.spiffe.io: true` metadata are refused
 * with `PermissionDenied`, as SPIRE does.
 *
 * ```ts
 * const agent = await FakeWorkloadAPI.start({ spiffeId: 'spiffe://example.org/ns/app/sa/client' });
 * process.env.SPIFFE_ENDPOINT_SOCKET = agent.address;
 * await agent.rotate(); // pushes a freshly issued SVID to every open stream
 * await agent.close();
 * ```
 */
export class FakeWorkloadAPI {
  private readonly streams = new Set<ServerWritableStream<object, X509SVIDResponseMessage>>();
  private current: WorkloadSVID;
  private federatedBundles: Readonly<Record<string, readonly string[]>>;
  private responses = 0;
  private accepted = 0;
  private rejected = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly grpc: GrpcModule,
    private readonly server: Server,
    /** Path of the unix socket. */
    readonly socketPath: string,
    private readonly temporaryDirectory: string | undefined,
    /** The CA issuing SVIDs (its root is the served bundle). */
    readonly ca: CertificateAuthority,
    /** SPIFFE ID of SVIDs issued by {@link FakeWorkloadAPI.rotate}. */
    readonly spiffeId: string,
    svid: WorkloadSVID,
    federatedBundles: Readonly<Record<string, readonly string[]>>,
  ) {
    this.current = svid;
    this.federatedBundles = federatedBundles;
  }

  /** Starts the server on a unix socket. */
  static async start(options: FakeWorkloadAPIOptions = {}): Promise<FakeWorkloadAPI> {
    const [grpcImport, loaderImport] = await Promise.all([import('@grpc/grpc-js'), import('@grpc/proto-loader')]);
    const grpc = moduleExports<GrpcModule>(grpcImport, 'Server');
    const loader = moduleExports<ProtoLoaderModule>(loaderImport, 'fromJSON');
    const definition = loader.fromJSON(
      WORKLOAD_API_DESCRIPTOR as Parameters<ProtoLoaderModule['fromJSON']>[0],
      WORKLOAD_API_LOADER_OPTIONS,
    );
    const service = (grpc.loadPackageDefinition(definition)[WORKLOAD_API_SERVICE] as ServiceClientConstructor).service;

    const ca = options.ca ?? (await CertificateAuthority.create({ commonName: 'spiffe-ca' }));
    const spiffeId = options.spiffeId ?? options.svid?.spiffeId ?? DEFAULT_WORKLOAD_SPIFFE_ID;
    const svid = options.svid ?? (await issueSVID(ca, spiffeId));
    const temporaryDirectory =
      options.socketPath === undefined ? await mkdtemp(join(tmpdir(), 'fake-workload-api-')) : undefined;
    const socketPath = options.socketPath ?? join(temporaryDirectory as string, 'agent.sock');

    const server = new grpc.Server();
    const fake = new FakeWorkloadAPI(
      grpc,
      server,
      socketPath,
      temporaryDirectory,
      ca,
      spiffeId,
      svid,
      options.federatedBundles ?? {},
    );
    server.addService(service, {
      FetchX509SVID: (call: ServerWritableStream<object, X509SVIDResponseMessage>) => fake.fetchX509SVID(call),
    });
    await new Promise<void>((resolve, reject) => {
      server.bindAsync(`unix://${socketPath}`, grpc.ServerCredentials.createInsecure(), (error) =>
        error ? reject(error) : resolve(),
      );
    });
    return fake;
  }

  /** The Workload API address for `SPIFFE_ENDPOINT_SOCKET`: `unix://<socketPath>`. */
  get address(): string {
    return `unix://${this.socketPath}`;
  }

  /** The SVID served now. */
  get svid(): WorkloadSVID {
    return this.current;
  }

  /** X509SVIDResponses sent so far, over all streams. */
  get svidCount(): number {
    return this.responses;
  }

  /** `FetchX509SVID` streams accepted so far (clients reconnecting open new ones). */
  get streamsAccepted(): number {
    return this.accepted;
  }

  /** Calls refused for lacking the `workload.spiffe.io` metadata. */
  get streamsRejected(): number {
    return this.rejected;
  }

  /** Streams open now. */
  get openStreams(): number {
    return this.streams.size;
  }

  /**
   * Serves a new SVID and pushes it to every open stream at once.
   *
   * @param svid - The SVID to serve; default one freshly issued from {@link FakeWorkloadAPI.ca} for
   *   {@link FakeWorkloadAPI.spiffeId} (with `options`).
   * @returns The SVID now served.
   */
  async rotate(svid?: WorkloadSVID, options: SVIDIssueOptions = {}): Promise<WorkloadSVID> {
    this.current = svid ?? (await issueSVID(this.ca, this.spiffeId, options));
    this.broadcast();
    return this.current;
  }

  /** Replaces the federated bundles and pushes a new response to every open stream. */
  setFederatedBundles(bundles: Readonly<Record<string, readonly string[]>>): void {
    this.federatedBundles = bundles;
    this.broadcast();
  }

  /** Ends every open stream with `Unavailable`, as an agent restart would; clients are expected to reconnect. */
  dropStreams(): void {
    for (const call of this.streams) {
      this.fail(call, this.grpc.status.UNAVAILABLE, 'fake Workload API dropped the stream');
    }
    this.streams.clear();
  }

  /** Stops the server, ends every stream and removes the temporary directory. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.streams.clear();
      this.server.forceShutdown();
      if (this.temporaryDirectory !== undefined) {
        await rm(this.temporaryDirectory, { recursive: true, force: true });
      }
    })();
    return this.closing;
  }

  private fetchX509SVID(call: ServerWritableStream<object, X509SVIDResponseMessage>): void {
    if (call.metadata.get(WORKLOAD_API_HEADER)[0] !== 'true') {
      this.rejected += 1;
      this.fail(call, this.grpc.status.PERMISSION_DENIED, 'security header missing from request');
      return;
    }
    this.accepted += 1;
    this.streams.add(call);
    call.on('cancelled', () => this.streams.delete(call));
    call.on('close', () => this.streams.delete(call));
    this.send(call);
  }

  private broadcast(): void {
    for (const call of this.streams) this.send(call);
  }

  private send(call: ServerWritableStream<object, X509SVIDResponseMessage>): void {
    this.responses += 1;
    call.write(this.response());
  }

  private fail(call: ServerWritableStream<object, X509SVIDResponseMessage>, code: number, details: string): void {
    const status: Partial<StatusObject> = { code, details };
    call.emit('error', status);
  }

  private response(): X509SVIDResponseMessage {
    const svid = this.current;
    const federated: Record<string, Uint8Array> = {};
    for (const [trustDomain, pems] of Object.entries(this.federatedBundles)) federated[trustDomain] = concatDER(pems);
    return {
      svids: [
        {
          spiffe_id: svid.spiffeId,
          x509_svid: concatDER(svid.certificates),
          x509_svid_key: createPrivateKey(svid.privateKeyPem).export({ type: 'pkcs8', format: 'der' }),
          bundle: concatDER(svid.bundle),
          hint: svid.hint ?? '',
        },
      ],
      crl: [],
      federated_bundles: federated,
    };
  }
}

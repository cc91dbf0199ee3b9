/**
 * A minimal SPIFFE Workload API client: the server-streaming `FetchX509SVID` call, watched for as long as the
 * client lives and re-opened with a linear backoff when the stream fails (go-spiffe `WatchX509Context`).
 *
 * `@grpc/grpc-js` and `@grpc/proto-loader` are loaded with a dynamic import on first use, so processes that never
 * use SPIFFE never load them.
 */

import type { Client, ClientReadableStream, ServiceClientConstructor, ServiceError, StatusObject } from '@grpc/grpc-js';
import { GrpcDependencyError, isModuleNotFound } from '../../errors/grpcDependencyError';
import { grpcTarget } from './endpointAddress';
import {
  WORKLOAD_API_DESCRIPTOR,
  WORKLOAD_API_HEADER,
  WORKLOAD_API_LOADER_OPTIONS,
  WORKLOAD_API_SERVICE,
  type X509SVIDResponseMessage,
} from './workloadDescriptor';
import { parseX509Context, type X509Context } from './x509Context';

type GrpcModule = typeof import('@grpc/grpc-js');
type ProtoLoaderModule = typeof import('@grpc/proto-loader');

/** The loaded gRPC module and the generated Workload API client class. */
interface WorkloadAPIBinding {
  readonly grpc: GrpcModule;
  readonly ServiceClient: ServiceClientConstructor;
}

/** The generated client: the `FetchX509SVID` stub plus grpc-js's `Client` methods. */
type WorkloadAPIStub = Client & {
  FetchX509SVID(
    request: object,
    metadata: InstanceType<GrpcModule['Metadata']>,
  ): ClientReadableStream<X509SVIDResponseMessage>;
};

let binding: Promise<WorkloadAPIBinding> | undefined;

/** A CommonJS module's exports, whether the import gave a namespace with named exports or only `default`. */
function moduleExports<T extends object>(imported: T & { default?: T }, probe: keyof T): T {
  return probe in imported ? imported : (imported.default ?? imported);
}

/** Loads gRPC and builds the service client class once per process (a failed load is retried next time). */
function loadBinding(): Promise<WorkloadAPIBinding> {
  binding ??= (async () => {
    const [grpcImport, loaderImport] = await Promise.all([import('@grpc/grpc-js'), import('@grpc/proto-loader')]).catch(
      (error: unknown) => {
        throw isModuleNotFound(error) ? new GrpcDependencyError({ cause: error }) : error;
      },
    );
    const grpc = moduleExports<GrpcModule>(grpcImport, 'credentials');
    const loader = moduleExports<ProtoLoaderModule>(loaderImport, 'fromJSON');
    const definition = loader.fromJSON(
      WORKLOAD_API_DESCRIPTOR as Parameters<ProtoLoaderModule['fromJSON']>[0],
      WORKLOAD_API_LOADER_OPTIONS,
    );
    const ServiceClient = grpc.loadPackageDefinition(definition)[WORKLOAD_API_SERVICE] as ServiceClientConstructor;
    return { grpc, ServiceClient };
  })();
  binding.catch(() => {
    binding = undefined;
  });
  return binding;
}

/** Receives what the X.509 stream delivers (go-spiffe `X509ContextWatcher`). */
export interface X509ContextWatcher {
  /** A new, valid X.509 context (SVIDs and bundles). */
  onX509ContextUpdate(context: X509Context): void;
  /** A stream failure (followed by a reconnect) or a response that did not parse (the stream continues). */
  onX509ContextWatchError(error: Error): void;
  /** Watching stopped for good: the agent answered `InvalidArgument` (go-spiffe gives up then too). */
  onX509ContextWatchStopped?(error: Error): void;
}

/** Reconnect backoff: attempt n waits `min(n × initialMs, maxMs)`; reset by every response received. */
export interface WorkloadAPIBackoff {
  /** Default 1000 (go-spiffe). */
  initialMs?: number;
  /** Default 30000 (go-spiffe). */
  maxMs?: number;
}

/** Options of {@link WorkloadAPIClient.create}. */
export interface WorkloadAPIClientOptions {
  /** Reconnect backoff of the watch stream. */
  backoff?: WorkloadAPIBackoff;
}

/** Status code of a gRPC `InvalidArgument`. */
const INVALID_ARGUMENT = 3;

/**
 * A Workload API connection. Create with {@link WorkloadAPIClient.create}, start one watch with
 * {@link WorkloadAPIClient.watchX509Context}, release with {@link WorkloadAPIClient.close}.
 */
export class WorkloadAPIClient {
  #call: ClientReadableStream<X509SVIDResponseMessage> | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #attempt = 0;
  #closed = false;
  #streams = 0;

  private constructor(
    private readonly grpc: GrpcModule,
    private readonly stub: WorkloadAPIStub,
    private readonly backoff: Required<WorkloadAPIBackoff>,
  ) {}

  /**
   * Validates the address and prepares a client (the connection itself is made by the first call).
   *
   * @param address - `unix:///path`, `unix:/path` or `tcp://<ip>:<port>`.
   * @throws Error with go-spiffe's address texts; {@link GrpcDependencyError} when `@grpc/grpc-js` or
   *   `@grpc/proto-loader` (optional peer dependencies) is not installed.
   */
  static async create(address: string, options: WorkloadAPIClientOptions = {}): Promise<WorkloadAPIClient> {
    const target = grpcTarget(address);
    const { grpc, ServiceClient } = await loadBinding();
    const stub = new ServiceClient(target, grpc.credentials.createInsecure()) as unknown as WorkloadAPIStub;
    return new WorkloadAPIClient(grpc, stub, {
      initialMs: options.backoff?.initialMs ?? 1000,
      maxMs: options.backoff?.maxMs ?? 30_000,
    });
  }

  /** How many `FetchX509SVID` streams this client has opened (1 + reconnects). */
  get streamsOpened(): number {
    return this.#streams;
  }

  /** Opens the X.509 stream and keeps it open (reconnecting) until {@link WorkloadAPIClient.close}. */
  watchX509Context(watcher: X509ContextWatcher): void {
    if (this.#closed || this.#call !== undefined) {
      throw new Error('workload API client: already watching or closed');
    }
    this.#open(watcher);
  }

  /** Cancels the stream and any pending reconnect and closes the channel. Idempotent. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#call?.cancel();
    this.#call = undefined;
    this.stub.close();
  }

  #open(watcher: X509ContextWatcher): void {
    const metadata = new this.grpc.Metadata();
    metadata.set(WORKLOAD_API_HEADER, 'true');
    const call = this.stub.FetchX509SVID({}, metadata);
    this.#call = call;
    this.#streams++;
    let failure: ServiceError | undefined;

    call.on('data', (response: X509SVIDResponseMessage) => {
      this.#attempt = 0;
      let context: X509Context;
      try {
        context = parseX509Context(response);
      } catch (error) {
        notify(() => watcher.onX509ContextWatchError(asError(error)));
        return;
      }
      notify(() => watcher.onX509ContextUpdate(context));
    });
    call.on('error', (error: ServiceError) => {
      failure = error;
    });
    call.on('status', (status: StatusObject) => {
      if (this.#call === call) {
        this.#call = undefined;
      }
      if (this.#closed) {
        return;
      }
      const error: Error = failure ?? new Error('the Workload API ended the X.509-SVID stream (EOF)');
      notify(() => watcher.onX509ContextWatchError(error));
      if (status.code === INVALID_ARGUMENT) {
        notify(() => watcher.onX509ContextWatchStopped?.(error));
        return;
      }
      this.#attempt++;
      const delay = Math.min(this.backoff.initialMs * this.#attempt, this.backoff.maxMs);
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined;
        if (!this.#closed) {
          this.#open(watcher);
        }
      }, delay);
      this.#retryTimer.unref();
    });
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Runs a watcher callback; a throwing watcher must not break the stream. */
function notify(callback: () => void): void {
  try {
    callback();
  } catch {
    // Ignored on purpose.
  }
}

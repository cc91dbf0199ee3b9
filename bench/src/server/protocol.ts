import type { NetworkSeed, ProjectSeed } from '@unikorn-cloud/testkit-api';
/** Messages between the main thread and the server worker. */

/** Server certificate material passed to the worker (PEM only: structured-clone friendly). */
export interface WorkerCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly chainPem: string;
}

/** `workerData` of the server worker. */
export interface ServerStartData {
  /** CA that issued the server certificate and the client certificates. */
  readonly caPem: string;
  readonly certificate: WorkerCertificate;
  /** When set, also start the testkit-api RegionAPIServer with this contract. */
  readonly region?: { readonly contractPath: string };
  /** When set, also start the testkit-api IdentityAPIServer with this contract. */
  readonly identity?: { readonly contractPath: string };
}

/** Counters of one mTLS server. */
export interface ServerStats {
  /** Completed TLS handshakes since start. */
  readonly handshakes: number;
  /** TCP sockets open now. */
  readonly openSockets: number;
  /** Failed TLS handshakes since start. */
  readonly tlsErrors: number;
  /** CPU time of the server worker thread since start, microseconds (both servers share the thread). */
  readonly threadCpuUs: number;
}

/** Requests the main thread sends. */
export type ServerRequest =
  | { readonly kind: 'stats' }
  | { readonly kind: 'lastRequest' }
  | { readonly kind: 'addNetwork'; readonly seed: NetworkSeed }
  | { readonly kind: 'addProject'; readonly seed: ProjectSeed }
  | { readonly kind: 'close' };

/** Answers of the worker. */
export type ServerResponse =
  | {
      readonly kind: 'stats';
      readonly cheap: ServerStats;
      readonly region: ServerStats | undefined;
      readonly identity: ServerStats | undefined;
    }
  | { readonly kind: 'network'; readonly id: string }
  | { readonly kind: 'project'; readonly id: string }
  | ({ readonly kind: 'lastRequest' } & LastRequest)
  | { readonly kind: 'closed' };

/** The most recent request the cheap server answered. */
export interface LastRequest {
  readonly method: string;
  readonly rawPath: string;
  /** Header name/value pairs in wire order. */
  readonly rawHeaders: readonly (readonly [string, string])[];
}

/**
 * The part of the SPIFFE Workload API (`workload.proto`) this package uses, as a protobufjs JSON descriptor for
 * `@grpc/proto-loader`'s `fromJSON`, so no `.proto` file has to ship.
 *
 * Two identical copies exist: `packages/core-client/src/credentials/spiffe/workloadDescriptor.ts` (the client) and
 * `packages/testkit/src/spiffe/workloadDescriptor.ts` (the fake Workload API). testkit cannot take core-client's:
 * core-client's tests depend on testkit, so testkit depending on core-client would make the workspace's package
 * graph cyclic, which turbo refuses; and core-client does not publish the descriptor. Keep them byte-identical (a
 * core-client test compares them).
 */

/** A protobufjs JSON field: scalar or message type, field number, optional `repeated` rule or map key type. */
interface FieldDescriptor {
  readonly type: string;
  readonly id: number;
  readonly rule?: 'repeated';
  readonly keyType?: string;
}

/** protobufjs JSON namespace holding messages (`fields`) and services (`methods`). */
interface NamespaceDescriptor {
  readonly nested: Readonly<
    Record<
      string,
      | { readonly fields: Readonly<Record<string, FieldDescriptor>> }
      | {
          readonly methods: Readonly<
            Record<
              string,
              { readonly requestType: string; readonly responseType: string; readonly responseStream?: boolean }
            >
          >;
        }
    >
  >;
}

/** Fully qualified gRPC service name (`workload.proto` declares no package). */
export const WORKLOAD_API_SERVICE = 'SpiffeWorkloadAPI';

/** Request metadata key every Workload API call must carry (value `true`). */
export const WORKLOAD_API_HEADER = 'workload.spiffe.io';

/**
 * `X509SVIDRequest`, `X509SVIDResponse`, `X509SVID` and the server-streaming `SpiffeWorkloadAPI.FetchX509SVID`,
 * with the field numbers of the upstream `workload.proto`.
 */
export const WORKLOAD_API_DESCRIPTOR: NamespaceDescriptor = {
  nested: {
    X509SVIDRequest: { fields: {} },
    X509SVIDResponse: {
      fields: {
        svids: { rule: 'repeated', type: 'X509SVID', id: 1 },
        crl: { rule: 'repeated', type: 'bytes', id: 2 },
        federated_bundles: { keyType: 'string', type: 'bytes', id: 3 },
      },
    },
    X509SVID: {
      fields: {
        spiffe_id: { type: 'string', id: 1 },
        x509_svid: { type: 'bytes', id: 2 },
        x509_svid_key: { type: 'bytes', id: 3 },
        bundle: { type: 'bytes', id: 4 },
        hint: { type: 'string', id: 5 },
      },
    },
    SpiffeWorkloadAPI: {
      methods: {
        FetchX509SVID: { requestType: 'X509SVIDRequest', responseType: 'X509SVIDResponse', responseStream: true },
      },
    },
  },
};

/** `@grpc/proto-loader` options matching the message shapes below (snake_case names, bytes as Buffer, defaults filled). */
export const WORKLOAD_API_LOADER_OPTIONS = {
  keepCase: true,
  defaults: true,
  arrays: true,
  objects: true,
} as const;

/** An `X509SVID` message as decoded with {@link WORKLOAD_API_LOADER_OPTIONS}. */
export interface X509SVIDMessage {
  spiffe_id: string;
  /** ASN.1 DER certificates concatenated, leaf first. */
  x509_svid: Uint8Array;
  /** PKCS#8 DER private key. */
  x509_svid_key: Uint8Array;
  /** ASN.1 DER CA certificates concatenated (the SVID trust domain's bundle). */
  bundle: Uint8Array;
  hint: string;
}

/** An `X509SVIDResponse` message as decoded with {@link WORKLOAD_API_LOADER_OPTIONS}. */
export interface X509SVIDResponseMessage {
  svids: X509SVIDMessage[];
  crl: Uint8Array[];
  /** Trust domain (`spiffe://example.org` or `example.org`) → ASN.1 DER CA certificates concatenated. */
  federated_bundles: Record<string, Uint8Array>;
}

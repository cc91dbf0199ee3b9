import { X509Certificate } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CertificateAuthority } from '../src/certificateAuthority';
import { FakeWorkloadAPI } from '../src/spiffe/fakeWorkloadAPI';
import { issueSVID } from '../src/spiffe/svid';
import {
  WORKLOAD_API_DESCRIPTOR,
  WORKLOAD_API_LOADER_OPTIONS,
  type X509SVIDResponseMessage,
} from '../src/spiffe/workloadDescriptor';

const ID = 'spiffe://example.org/ns/test/sa/workload';

type Stub = grpc.Client & {
  FetchX509SVID(request: object, metadata: grpc.Metadata): grpc.ClientReadableStream<X509SVIDResponseMessage>;
};

let ca: CertificateAuthority;
let agent: FakeWorkloadAPI;
let stub: Stub;

beforeAll(async () => {
  ca = await CertificateAuthority.create({ commonName: 'spiffe-root' });
  agent = await FakeWorkloadAPI.start({ ca, spiffeId: ID });
  const definition = protoLoader.fromJSON(
    WORKLOAD_API_DESCRIPTOR as Parameters<typeof protoLoader.fromJSON>[0],
    WORKLOAD_API_LOADER_OPTIONS,
  );
  const Service = grpc.loadPackageDefinition(definition).SpiffeWorkloadAPI as grpc.ServiceClientConstructor;
  stub = new Service(agent.address, grpc.credentials.createInsecure()) as unknown as Stub;
});

afterAll(async () => {
  stub.close();
  await agent.close();
});

function header(): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set('workload.spiffe.io', 'true');
  return metadata;
}

/** Opens a stream and collects its responses. */
function open(metadata: grpc.Metadata) {
  const responses: X509SVIDResponseMessage[] = [];
  const call = stub.FetchX509SVID({}, metadata);
  const ended = new Promise<grpc.ServiceError | undefined>((resolve) => {
    call.on('error', (error: grpc.ServiceError) => resolve(error));
    call.on('end', () => resolve(undefined));
  });
  call.on('data', (response: X509SVIDResponseMessage) => responses.push(response));
  return { call, responses, ended };
}

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('issueSVID', () => {
  it('issues a SPIRE-like SVID: EC P-256, empty CN, one URI SAN, bundle = root', async () => {
    const svid = await issueSVID(ca, ID);
    const leaf = new X509Certificate(svid.certificates[0]);
    expect(svid.certificates).toHaveLength(1);
    expect(leaf.subject).toBe('CN=');
    expect(leaf.subjectAltName).toBe(`URI:${ID}`);
    expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(svid.bundle).toEqual([ca.certificatePem]);
  });

  it('from an intermediate: chain = [leaf, intermediate], bundle = root', async () => {
    const intermediate = await ca.createIntermediate();
    const svid = await issueSVID(intermediate, ID);
    expect(svid.certificates).toEqual([expect.any(String), intermediate.certificatePem]);
    expect(svid.bundle).toEqual([ca.certificatePem]);
  });
});

describe('FakeWorkloadAPI', () => {
  it('refuses a call without the workload.spiffe.io metadata with PermissionDenied', async () => {
    const { responses, ended } = open(new grpc.Metadata());
    const error = await ended;
    expect(error?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(error?.details).toBe('security header missing from request');
    expect(responses).toHaveLength(0);
    expect(agent.streamsRejected).toBe(1);
  });

  it('streams the current X509SVIDResponse and pushes rotations to open streams', async () => {
    const { call, responses, ended } = open(header());
    await waitFor(() => responses.length === 1);
    const [first] = responses[0].svids;
    expect(first.spiffe_id).toBe(ID);
    expect(Buffer.from(first.x509_svid)).toEqual(new X509Certificate(agent.svid.certificates[0]).raw);
    expect(Buffer.from(first.bundle)).toEqual(ca.certificate.raw);
    expect(first.x509_svid_key.length).toBeGreaterThan(0);
    expect(responses[0].federated_bundles).toEqual({});

    const sent = agent.svidCount;
    const rotated = await agent.rotate();
    await waitFor(() => responses.length === 2);
    expect(agent.svidCount).toBe(sent + 1);
    expect(new X509Certificate(Buffer.from(responses[1].svids[0].x509_svid)).serialNumber.toLowerCase()).toBe(
      rotated.serialNumber,
    );

    agent.dropStreams();
    expect((await ended)?.code).toBe(grpc.status.UNAVAILABLE);
    call.cancel();
  });
});

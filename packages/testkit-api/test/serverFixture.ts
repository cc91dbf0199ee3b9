import { fileURLToPath } from 'node:url';
import { CertificateAuthority, type IssuedCertificate } from '@unikorn-cloud/testkit';
import { Agent, request } from 'undici';
import { IdentityAPIServer, type IdentityAPIServerOptions, RegionAPIServer, type RegionAPIServerOptions } from '../src';

/** The project's region contract (testkit takes it as an option; it does not depend on region-client). */
export const contractPath = fileURLToPath(new URL('../../region-client/contract/region.v2.yaml', import.meta.url));
/** The project's identity contract. */
export const identityContractPath = fileURLToPath(
  new URL('../../identity-client/contract/identity.v1.yaml', import.meta.url),
);

export const organizationId = '0b9a4ef4-5d49-4b3c-a8f1-5b1c2f1d9a01';
export const projectId = '6f1d2e3c-4b5a-4c7d-8e9f-0a1b2c3d4e5f';
export const regionId = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
export const reference = 'computeclusters.compute.unikorn-cloud.org/abc';

/** Unpadded base64url JSON, as identity's principal mutator sends it. */
export function principalHeader(principal: object): string {
  return Buffer.from(JSON.stringify(principal)).toString('base64url');
}

export const defaultPrincipal = { organizationId, projectId, actor: 'alice@example.com' };

export interface SendOptions {
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** Client certificate to present; null for none. Default the fixture's RSA client (`my-service`). */
  readonly client?: IssuedCertificate | null;
}

export interface SentResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** Decoded JSON body, undefined when empty. */
  readonly json: unknown;
}

/** What the fixture needs of a contract server. */
interface FixtureServer {
  readonly url: string;
  readonly caPem: string;
  close(): Promise<void>;
}

/** A contract server with a CA, clients and a `send` helper over real mutual TLS. */
export class ServerFixture<S extends FixtureServer> {
  private readonly agents = new Map<IssuedCertificate | null, Agent>();

  private constructor(
    readonly ca: CertificateAuthority,
    readonly server: S,
    /** CN `my-service`, RSA-2048 (signs PS512). */
    readonly rsaClient: IssuedCertificate,
    /** CN `ec-service`, EC P-256 (signs ES256). */
    readonly ecClient: IssuedCertificate,
  ) {}

  /** Starts the server `start` builds on a fresh CA, with two client certificates from that CA. */
  static async start<S extends FixtureServer>(
    start: (ca: CertificateAuthority) => Promise<S>,
  ): Promise<ServerFixture<S>> {
    const ca = await CertificateAuthority.create();
    const [rsaClient, ecClient, server] = await Promise.all([
      ca.issueClient('my-service', { keyType: 'rsa-2048' }),
      ca.issueClient('ec-service', { keyType: 'ec-p256' }),
      start(ca),
    ]);
    return new ServerFixture(ca, server, rsaClient, ecClient);
  }

  /** Sends a request; X-Principal defaults to {@link defaultPrincipal} unless `headers` sets it (use '' to omit). */
  async send(method: string, path: string, options: SendOptions = {}): Promise<SentResponse> {
    const headers: Record<string, string> = { 'X-Principal': principalHeader(defaultPrincipal), ...options.headers };
    if (headers['X-Principal'] === '') delete headers['X-Principal'];
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await request(`${this.server.url}${path}`, {
      method: method as 'GET',
      headers,
      body,
      dispatcher: this.agent(options.client === undefined ? this.rsaClient : options.client),
    });
    const text = await response.body.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.statusCode, headers: response.headers, text, json };
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.destroy()));
    await this.server.close();
  }

  private agent(client: IssuedCertificate | null): Agent {
    let agent = this.agents.get(client);
    if (agent === undefined) {
      const identity = client === null ? {} : { cert: client.certificatePem, key: client.privateKeyPem };
      agent = new Agent({ connect: { ca: this.server.caPem, ...identity }, allowH2: false });
      this.agents.set(client, agent);
    }
    return agent;
  }
}

/** A region server fixture. */
export type RegionFixture = ServerFixture<RegionAPIServer>;

/** Region server fixtures on the project's region contract. */
export const RegionFixture = {
  start: (options: Partial<RegionAPIServerOptions> = {}): Promise<RegionFixture> =>
    ServerFixture.start((ca) => RegionAPIServer.start({ ca, contract: contractPath, ...options })),
};

/** An identity server fixture. */
export type IdentityFixture = ServerFixture<IdentityAPIServer>;

/** Identity server fixtures on the project's identity contract. */
export const IdentityFixture = {
  start: (options: Partial<IdentityAPIServerOptions> = {}): Promise<IdentityFixture> =>
    ServerFixture.start((ca) => IdentityAPIServer.start({ ca, contract: identityContractPath, ...options })),
};

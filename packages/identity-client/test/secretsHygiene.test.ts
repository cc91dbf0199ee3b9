/**
 * Secrets hygiene: drives every reachable error path of core-client and identity-client with real key material
 * (PEMs in the wrong Secret keys, mismatched pairs, Kubernetes failures of Secret reads, real JWS tokens, relayed
 * certificates) and asserts that no error text — message, stack, cause chain, `String(error)`,
 * `JSON.stringify(error)`, `util.inspect(error, { depth: 5 })` — and nothing written to the console or to
 * stdout/stderr contains PEM armour, private key bytes (DER or PEM, base64 or query-escaped), certificate bytes or
 * a principal JWS.
 */

import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ApiException } from '@kubernetes/client-node';
import {
  DispatcherCache,
  encodeAndSign,
  httpDispatcher,
  loadCertificateAuthority,
  loadClientCredential,
  newHTTPClientOptions,
  newHTTPOptions,
  parseClientCredential,
  propagateError,
  signCompact,
  tlsClientConfig,
  verifyAndDecode,
} from '@unikorn-cloud/core-client';
import {
  CertificateAuthority,
  FakeKubernetesAPI,
  type IssuedCertificate,
  type TLSSecretMaterial,
  tlsSecret,
} from '@unikorn-cloud/testkit';
import {
  BaseClient,
  encodeClientCertificate,
  extractClientCertificate,
  extractPrincipal,
  inboundContext,
  parseClientCertificate,
  queryEscape,
} from '../src';
import { kubeConfigFromYaml } from './support/kubernetes';

const namespace = 'unikorn';
const principal = { organizationId: 'org-1', projectId: 'project-1', actor: 'someone@example.com' };
const resource = {
  metadata: {
    name: 'cluster-1',
    labels: { 'unikorn-cloud.org/organization': 'org-1' },
    annotations: { 'unikorn-cloud.org/creator': 'someone@example.com' },
  },
};

let ca: CertificateAuthority;
let rsa: IssuedCertificate;
let ec: IssuedCertificate;
let ed25519: IssuedCertificate;
let api: FakeKubernetesAPI;
let kube: Awaited<ReturnType<typeof kubeConfigFromYaml>>;
let token = '';
/** Name → text that must never show up in an error or in output. */
let needles: [string, string][] = [];

// A slice from the middle of one 64-character PEM line, so it also matches the text inside a PEM.
const slice = (text: string) => text.slice(196, 252);

function secretNeedles(label: string, pem: string, der: Buffer): [string, string][] {
  return [
    [`${label} DER (base64)`, slice(der.toString('base64'))],
    [`${label} PEM (base64, as in Secret data)`, slice(Buffer.from(pem).toString('base64'))],
    [`${label} PEM (query-escaped)`, slice(queryEscape(pem))],
  ];
}

function put(name: string, material: TLSSecretMaterial, type?: string): void {
  api.putSecret(type === undefined ? tlsSecret(namespace, name, material) : tlsSecret(namespace, name, material, type));
}

beforeAll(async () => {
  ca = await CertificateAuthority.create({ commonName: 'hygiene-ca' });
  [rsa, ec, ed25519] = await Promise.all([
    ca.issueClient('hygiene-rsa', { keyType: 'rsa-2048' }),
    ca.issueClient('hygiene-ec', { keyType: 'ec-p256' }),
    ca.issueClient('hygiene-ed25519', { keyType: 'ed25519' }),
  ]);
  token = await signCompact(principal, rsa.privateKey);
  const der = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'der' });
  needles = [
    ['PEM armour', '-----BEGIN'],
    ...secretNeedles('RSA private key', rsa.privateKeyPem, der(rsa.privateKey)),
    ...secretNeedles('EC private key', ec.privateKeyPem, der(ec.privateKey)),
    ...secretNeedles('RSA certificate', rsa.certificatePem, rsa.certificate.raw),
    ['principal JWS', token],
    ['JWS signature', token.split('.')[2].slice(0, 40)],
    ['JWS signing input', token.slice(0, token.lastIndexOf('.'))],
  ];

  api = await FakeKubernetesAPI.start();
  kube = await kubeConfigFromYaml(api.kubeconfigYaml());
  put('service-ca', { certificatePem: ca.certificatePem });
  put('good', rsa);
  put('mismatched', { certificatePem: rsa.certificatePem, privateKeyPem: ec.privateKeyPem });
  put('key-in-crt', { certificatePem: rsa.privateKeyPem, privateKeyPem: rsa.privateKeyPem });
  put('cert-in-key', { certificatePem: rsa.certificatePem, privateKeyPem: rsa.certificatePem });
  put('chain-in-key', { certificatePem: rsa.certificatePem, privateKeyPem: `${rsa.chainPem}\n${ec.privateKeyPem}` });
  put('no-key', { certificatePem: rsa.certificatePem });
  put('opaque', rsa, 'Opaque');
  put('ca-holds-key', { certificatePem: rsa.privateKeyPem });
  // A misbehaving API server or proxy that answers a Secret GET with an error status but the Secret as the body.
  const echoed = tlsSecret(namespace, 'echo', rsa);
  api.setFault((request) => {
    if (request.path.includes('/secrets/echo')) return { status: 500, body: echoed };
    if (request.path.includes('/secrets/forbidden')) {
      return {
        status: 403,
        body: {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'Forbidden',
          code: 403,
          message: rsa.privateKeyPem,
        },
      };
    }
    return undefined;
  });
});

afterAll(async () => {
  await api?.close();
});

// ---- Output capture: console.* and direct writes to stdout/stderr. ----

const output: string[] = [];
const spies: { mockRestore(): void }[] = [];

beforeEach(() => {
  output.length = 0;
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    spies.push(
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        output.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 5 }))).join(' '));
      }),
    );
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    spies.push(
      jest.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
        output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write),
    );
  }
});

afterEach(() => {
  for (const spy of spies.splice(0)) spy.mockRestore();
  expect(findLeaks('console/stdout/stderr', output)).toEqual([]);
});

// ---- Error inspection ----

/** Every text through which an error can reach a log. */
function errorTexts(error: unknown): [string, string][] {
  const texts: [string, string][] = [
    ['String(error)', String(error)],
    ['util.inspect(error, { depth: 5 })', inspect(error, { depth: 5 })],
  ];
  try {
    texts.push(['JSON.stringify(error)', JSON.stringify(error) ?? '']);
  } catch (cause) {
    texts.push(['JSON.stringify(error) threw', String(cause)]);
  }
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    const where = depth === 0 ? 'error' : `cause[${depth}]`;
    if (current instanceof Error) {
      texts.push([`${where}.message`, current.message], [`${where}.stack`, current.stack ?? '']);
      texts.push([`String(${where})`, String(current)]);
      current = current.cause;
    } else {
      texts.push([where, inspect(current, { depth: 5 })]);
      break;
    }
  }
  return texts;
}

/** "label — where: what" for every needle found (deduplicated); the needle itself is never printed. */
function findLeaks(label: string, texts: readonly string[] | readonly [string, string][]): string[] {
  const found = new Set<string>();
  for (const entry of texts) {
    const [where, text] = typeof entry === 'string' ? ['output', entry] : entry;
    for (const [name, needle] of needles) {
      if (needle !== '' && text.includes(needle)) found.add(`${label} — ${where}: ${name}`);
    }
  }
  return [...found];
}

/** Awaits `fn`, which must fail; returns the error. */
async function failure(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** Runs every case and asserts that none of the errors leaks. */
async function expectNoLeaks(cases: Record<string, () => unknown>): Promise<void> {
  const leaks: string[] = [];
  for (const [label, fn] of Object.entries(cases)) {
    const error = await failure(fn);
    leaks.push(...findLeaks(label, errorTexts(error)));
  }
  expect(leaks).toEqual([]);
}

const clientOptions = (name: string) =>
  newHTTPClientOptions({ certificateNamespace: namespace, certificateName: name });
const serverOptions = (caSecretName = 'service-ca') =>
  newHTTPOptions('region', { host: 'https://127.0.0.1:1', caSecretNamespace: namespace, caSecretName });
const badClientSecrets = [
  'mismatched',
  'key-in-crt',
  'cert-in-key',
  'chain-in-key',
  'no-key',
  'opaque',
  'missing',
  'echo',
  'forbidden',
];

describe('secrets hygiene: core-client', () => {
  it('the detectors work: a leaking error and console output are caught', () => {
    expect(findLeaks('control', errorTexts(new Error('wrapped', { cause: new Error(rsa.privateKeyPem) })))).toContain(
      'control — cause[1].message: PEM armour',
    );
    expect(findLeaks('control', errorTexts(new Error(`bad token ${token}`)))).toContain(
      'control — error.message: principal JWS',
    );
    console.warn('captured');
    expect(output).toEqual(['captured']);
    output.length = 0;
  });

  it('Kubernetes errors of Secret reads keep the status code and reason but not the response body', async () => {
    const missing = await failure(() => loadClientCredential(kube, clientOptions('missing')));
    expect(missing).toBeInstanceOf(ApiException);
    expect(missing).toMatchObject({ code: 404, body: { kind: 'Status', reason: 'NotFound', code: 404 } });
    expect((missing as Error).message).toMatch(/^reading Secret unikorn\/missing: HTTP-Code: 404\nMessage: NotFound\n/);

    const echoed = await failure(() => loadClientCredential(kube, clientOptions('echo')));
    expect(echoed).toBeInstanceOf(ApiException);
    expect(echoed).toMatchObject({ code: 500, body: { reason: 'Internal Server Error', code: 500 } });
    expect(JSON.stringify((echoed as ApiException<unknown>).body)).not.toContain('tls.key');

    const forbidden = await failure(() => loadCertificateAuthority(kube, serverOptions('forbidden')));
    expect(forbidden).toMatchObject({ code: 403, body: { reason: 'Forbidden' } });
  });

  it('secret format errors with real PEMs in the wrong places', async () => {
    const garbage = `-----BEGIN CERTIFICATE-----\n${rsa.privateKeyPem.split('\n').slice(1, -2).join('\n')}\n-----END CERTIFICATE-----\n`;
    await expectNoLeaks({
      'key in tls.crt': () => parseClientCredential(rsa.privateKeyPem, rsa.privateKeyPem),
      'certificate in tls.key': () => parseClientCredential(rsa.certificatePem, rsa.certificatePem),
      'mismatched pair': () => parseClientCredential(rsa.certificatePem, ec.privateKeyPem),
      'key DER armoured as a certificate': () => parseClientCredential(garbage, rsa.privateKeyPem),
      'certificate DER armoured as a key': () =>
        parseClientCredential(rsa.certificatePem, rsa.certificatePem.replaceAll('CERTIFICATE', 'PRIVATE KEY')),
    });
  });

  it('client certificate Secrets: wrong contents, wrong type, 404, 403 and an error status echoing the Secret', async () => {
    const cases: Record<string, () => unknown> = {};
    for (const name of badClientSecrets) {
      cases[`loadClientCredential ${name}`] = () => loadClientCredential(kube, clientOptions(name));
      cases[`encodeAndSign ${name}`] = () => encodeAndSign(kube, clientOptions(name), principal);
      cases[`tlsClientConfig ${name}`] = () => tlsClientConfig(kube, serverOptions(), clientOptions(name));
      cases[`httpDispatcher ${name}`] = () =>
        httpDispatcher(kube, serverOptions(), clientOptions(name), new DispatcherCache());
    }
    await expectNoLeaks(cases);
  });

  it('CA Secrets: a key instead of a certificate, 404, 403 and an error status echoing a Secret', async () => {
    await expectNoLeaks({
      'CA holds a key': () => loadCertificateAuthority(kube, serverOptions('ca-holds-key')),
      'CA missing': () => loadCertificateAuthority(kube, serverOptions('missing')),
      'CA echo': () => loadCertificateAuthority(kube, serverOptions('echo')),
      'CA forbidden': () => loadCertificateAuthority(kube, serverOptions('forbidden')),
      'CA Opaque': () => loadCertificateAuthority(kube, serverOptions('opaque')),
    });
  });

  it('JWS verification and signing failures with real tokens and keys', async () => {
    const [header, payload, signature] = token.split('.');
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    const { privateKey: ed } = generateKeyPairSync('ed25519');
    await expectNoLeaks({
      'tampered signature': () => verifyAndDecode(`${header}.${payload}.${flipped}`, rsa.certificate),
      'tampered payload': () => verifyAndDecode(`${header}.${payload}x.${signature}`, rsa.certificatePem),
      'other certificate': () => verifyAndDecode(token, ec.certificate),
      'alg none': () => verifyAndDecode(none, rsa.certificate),
      'token with a certificate appended': () => verifyAndDecode(`${token}.${rsa.certificatePem}`, rsa.certificate),
      'key PEM as certificate': () => verifyAndDecode(token, rsa.privateKeyPem),
      'Ed25519 certificate': () => verifyAndDecode(token, ed25519.certificate),
      'sign with a public key': () => signCompact(principal, rsa.certificate.publicKey),
      'sign with Ed25519': () => signCompact(principal, ed),
    });
  });

  it('propagateError with response bodies carrying a token or key material', () => {
    const body = {
      error: 'forbidden',
      error_description: 'access denied',
      trace_id: '0123456789abcdef0123456789abcdef',
      request: { headers: { 'X-Principal': token }, key: rsa.privateKeyPem },
    };
    const errors = [
      propagateError({ status: 403, body, contentType: 'application/json' }, [403]),
      propagateError({ status: 502, body, contentType: 'application/json' }, [403]),
      propagateError({ status: 400, body: `bad principal ${token}`, contentType: 'text/plain' }, [400]),
      propagateError({ status: 400, body: { token, key: rsa.privateKeyPem }, contentType: 'application/json' }, [400]),
      propagateError({ status: 200, body, contentType: 'application/json' }, [400]),
    ];
    expect(errors.flatMap((error, index) => findLeaks(`propagateError #${index}`, errorTexts(error)))).toEqual([]);
  });
});

describe('secrets hygiene: identity-client', () => {
  it('inbound certificate errors with real PEM header values', async () => {
    const brokenCertificate = rsa.certificatePem.replace(/\n(.)/, '\n!$1');
    await expectNoLeaks({
      'relayed private key': () => parseClientCertificate(queryEscape(rsa.privateKeyPem)),
      'relayed key armoured as a certificate': () =>
        parseClientCertificate(queryEscape(rsa.privateKeyPem.replaceAll('PRIVATE KEY', 'CERTIFICATE'))),
      'relayed broken certificate': () => parseClientCertificate(queryEscape(brokenCertificate)),
      'relayed bad escape': () => parseClientCertificate(`${encodeClientCertificate(rsa.certificate)}%zz`),
      'relayed private key on the mTLS path': () =>
        inboundContext(
          {
            headers: {
              'unikorn-client-certificate': queryEscape(rsa.privateKeyPem),
              'ssl-client-cert': encodeClientCertificate(rsa.certificate),
              'ssl-client-verify': 'SUCCESS',
            },
          },
          { trustIngressHeaders: true },
        ),
      'unverified ingress certificate': () =>
        extractClientCertificate(
          {
            'ssl-client-cert': encodeClientCertificate(rsa.certificate),
            'ssl-client-verify': 'FAILED:certificate has expired',
          },
          { trustIngressHeaders: true },
        ),
    });
  });

  it('inbound principal errors with real JWS header values', async () => {
    const [header, payload, signature] = token.split('.');
    const tampered = `${header}.${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    const padded = `${Buffer.from(JSON.stringify(principal)).toString('base64url')}==`;
    const callerHeaders = {
      'ssl-client-cert': encodeClientCertificate(rsa.certificate),
      'ssl-client-verify': 'SUCCESS',
    };
    await expectNoLeaks({
      'tampered JWS': () => extractPrincipal({ 'x-principal': tampered }, rsa.certificate),
      'JWS from another caller': () => extractPrincipal({ 'x-principal': token }, ec.certificate),
      'JWS for an Ed25519 caller': () => extractPrincipal({ 'x-principal': token }, ed25519.certificate),
      'padded base64url': () => extractPrincipal({ 'x-principal': padded, 'x-impersonate': 'true' }, rsa.certificate),
      'principal missing': () => extractPrincipal({}, rsa.certificate),
      'inboundContext tampered JWS': () =>
        inboundContext({ headers: { ...callerHeaders, 'x-principal': tampered } }, { trustIngressHeaders: true }),
      'inboundContext relay only': () =>
        inboundContext({
          headers: { 'unikorn-client-certificate': encodeClientCertificate(rsa.certificate), 'x-principal': token },
        }),
    });
  });

  it('BaseClient with broken client certificate Secrets, a missing CA Secret and a Secret echoed in an error', async () => {
    const cases: Record<string, () => unknown> = {};
    const clients: BaseClient[] = [];
    const client = (options: ReturnType<typeof serverOptions>, name: string) => {
      const created = new BaseClient(kube, options, clientOptions(name), { dispatcherCache: new DispatcherCache() });
      clients.push(created);
      return created;
    };
    const builder = () => ({});
    for (const name of badClientSecrets) {
      cases[`httpClient ${name}`] = () => client(serverOptions(), name).httpClient();
      cases[`controllerClient ${name}`] = () => client(serverOptions(), name).controllerClient(builder, resource);
    }
    cases['CA missing'] = () => client(serverOptions('missing'), 'good').apiClient(builder);
    cases['CA echo'] = () => client(serverOptions('echo'), 'good').apiClient(builder);
    try {
      await expectNoLeaks(cases);
    } finally {
      await Promise.all(clients.map((created) => created.close()));
    }
  });
});

import {
  constants,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
  X509Certificate,
} from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import { CertificateAuthority, FakeKubernetesAPI, type KeyType, tlsSecret } from '@unikorn-cloud/testkit';
import {
  ClientCredentialError,
  JWSError,
  KeyError,
  SecretFormatError,
  UnsupportedKeyTypeError,
} from '../src/errors/errors';
import { encodeAndSign, signCompact, verifyAndDecode } from '../src/jws/jws';
import { signingAlgorithm } from '../src/jws/signingAlgorithm';
import { newHTTPClientOptions } from '../src/options/options';

type SigningKeyType = Extract<KeyType, 'rsa-2048' | 'ec-p256' | 'ec-p384' | 'ec-p521' | 'ed25519'>;

interface SigningIdentity {
  certificatePem: string;
  certificate: X509Certificate;
  privateKey: KeyObject;
}

let authority: Promise<CertificateAuthority> | undefined;

// A client certificate and key of the given type, issued by a shared test CA.
async function issueSigningIdentity(keyType: SigningKeyType, commonName = 'signer'): Promise<SigningIdentity> {
  authority ??= CertificateAuthority.create();
  const issued = await (await authority).issueClient(commonName, { keyType });
  return {
    certificatePem: issued.certificatePem,
    certificate: new X509Certificate(issued.certificatePem),
    privateKey: createPrivateKey(issued.privateKeyPem),
  };
}

const payload = { organizationID: 'org1', actor: 'someone@example.com' };

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');
const decodeSegment = (segment: string): string => Buffer.from(segment, 'base64url').toString('utf8');

function segments(token: string): [string, string, string] {
  const parts = token.split('.');
  expect(parts).toHaveLength(3);
  return parts as [string, string, string];
}

// Builds a compact token by hand, signing `header.payload` with node:crypto (the Go-compatible parameters).
function nodeSignedToken(header: object, body: string, alg: 'PS512' | 'ES256' | 'ES384', key: KeyObject): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(body)}`;
  const signature =
    alg === 'PS512'
      ? nodeSign('sha512', Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 })
      : nodeSign(alg === 'ES256' ? 'sha256' : 'sha384', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64url(signature)}`;
}

const roundTripCases: Array<[SigningKeyType, 'PS512' | 'ES256' | 'ES384']> = [
  ['rsa-2048', 'PS512'],
  ['ec-p256', 'ES256'],
  ['ec-p384', 'ES384'],
];

const identities = new Map<SigningKeyType, [SigningIdentity, SigningIdentity]>();
const identity = (keyType: SigningKeyType): SigningIdentity => identities.get(keyType)![0];
const otherIdentity = (keyType: SigningKeyType): SigningIdentity => identities.get(keyType)![1];

beforeAll(async () => {
  for (const [keyType] of roundTripCases) {
    identities.set(keyType, [
      await issueSigningIdentity(keyType, 'signer'),
      await issueSigningIdentity(keyType, 'someone-else'),
    ]);
  }
  identities.set('ed25519', [await issueSigningIdentity('ed25519'), await issueSigningIdentity('ed25519')]);
  identities.set('ec-p521', [await issueSigningIdentity('ec-p521'), await issueSigningIdentity('ec-p521')]);
});

describe('signCompact / verifyAndDecode', () => {
  it.each(roundTripCases)('%s round-trips the payload with the same certificate', async (keyType) => {
    const { privateKey, certificate, certificatePem } = identity(keyType);
    const token = await signCompact(payload, privateKey);
    expect(await verifyAndDecode(token, certificatePem)).toEqual(payload);
    expect(await verifyAndDecode(token, certificate)).toEqual(payload);
  });

  it.each(roundTripCases)('%s verification with another certificate of the same key type fails', async (keyType) => {
    const token = await signCompact(payload, identity(keyType).privateKey);
    await expect(verifyAndDecode(token, otherIdentity(keyType).certificatePem)).rejects.toThrow(JWSError);
  });

  it.each(roundTripCases)('%s signs with header exactly {"alg":"%s"}', async (keyType, alg) => {
    const token = await signCompact(payload, identity(keyType).privateKey);
    const [header] = segments(token);
    expect(decodeSegment(header)).toBe(`{"alg":"${alg}"}`);
    expect(signingAlgorithm(identity(keyType).privateKey)).toBe(alg);
    expect(signingAlgorithm(identity(keyType).certificate.publicKey)).toBe(alg);
  });

  it('RSA header segment is eyJhbGciOiJQUzUxMiJ9', async () => {
    const [header] = segments(await signCompact(payload, identity('rsa-2048').privateKey));
    expect(header).toBe('eyJhbGciOiJQUzUxMiJ9');
  });

  it('P-521 is rejected with the Go text', async () => {
    const { privateKey } = identity('ec-p521');
    const expected = 'private key type is unsupported: unsupported elliptic curve P-521';
    expect(() => signingAlgorithm(privateKey)).toThrow(UnsupportedKeyTypeError);
    await expect(signCompact(payload, privateKey)).rejects.toThrow(UnsupportedKeyTypeError);
    await expect(signCompact(payload, privateKey)).rejects.toThrow(expect.objectContaining({ message: expected }));
  });

  it('Ed25519 is rejected with the Go text', async () => {
    const { privateKey } = identity('ed25519');
    await expect(signCompact(payload, privateKey)).rejects.toThrow(UnsupportedKeyTypeError);
    await expect(signCompact(payload, privateKey)).rejects.toThrow(
      expect.objectContaining({ message: 'private key type is unsupported' }),
    );
  });

  it('other key types (X25519, secp256k1) are unsupported', () => {
    expect(() => signingAlgorithm(generateKeyPairSync('x25519').privateKey)).toThrow(UnsupportedKeyTypeError);
    expect(() => signingAlgorithm(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey)).toThrow(
      'private key type is unsupported: unsupported elliptic curve secp256k1',
    );
  });

  it('payload bytes are the Go JSON encoding (HTML characters escaped, key order kept)', async () => {
    const token = await signCompact({ b: '<a&b>', a: undefined, c: 1 }, identity('ec-p256').privateKey);
    const [, body] = segments(token);
    expect(decodeSegment(body)).toBe('{"b":"\\u003ca\\u0026b\\u003e","c":1}');
    expect(body).not.toContain('=');
  });

  it('ES256 and ES384 signatures are raw R||S (64 and 96 bytes)', async () => {
    const es256 = segments(await signCompact(payload, identity('ec-p256').privateKey))[2];
    const es384 = segments(await signCompact(payload, identity('ec-p384').privateKey))[2];
    expect(Buffer.from(es256, 'base64url')).toHaveLength(64);
    expect(Buffer.from(es384, 'base64url')).toHaveLength(96);
  });

  it('refuses to sign with a public key', async () => {
    await expect(signCompact(payload, identity('rsa-2048').certificate.publicKey)).rejects.toThrow(KeyError);
  });

  it('reports an RSA key below 2048 bits as a JWS error (jose refuses to sign with it)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    await expect(signCompact(payload, privateKey)).rejects.toThrow(JWSError);
  });
});

describe('interoperability with node:crypto (Go-compatible parameters)', () => {
  it.each(roundTripCases)('a %s token signed by node:crypto verifies', async (keyType, alg) => {
    const token = nodeSignedToken({ alg }, JSON.stringify(payload), alg, identity(keyType).privateKey);
    expect(await verifyAndDecode(token, identity(keyType).certificatePem)).toEqual(payload);
  });

  it('a token with extra header fields (typ, kid) as other signers add still verifies', async () => {
    const token = nodeSignedToken(
      { alg: 'PS512', typ: 'JWT', kid: 'k1' },
      '{"actor":"x"}',
      'PS512',
      identity('rsa-2048').privateKey,
    );
    expect(await verifyAndDecode(token, identity('rsa-2048').certificate)).toEqual({ actor: 'x' });
  });

  it('our PS512 token verifies with node:crypto RSA-PSS SHA-512 salt length 64, and not with salt 32', async () => {
    const { privateKey, certificate } = identity('rsa-2048');
    const [header, body, signature] = segments(await signCompact(payload, privateKey));
    const input = Buffer.from(`${header}.${body}`);
    const signatureBytes = Buffer.from(signature, 'base64url');
    const verifyWithSalt = (saltLength: number) =>
      nodeVerify(
        'sha512',
        input,
        { key: certificate.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength },
        signatureBytes,
      );
    expect(verifyWithSalt(64)).toBe(true);
    expect(verifyWithSalt(32)).toBe(false);
  });

  it.each([
    ['ec-p256', 'sha256'],
    ['ec-p384', 'sha384'],
  ] as const)('our %s token verifies with node:crypto (ieee-p1363)', async (keyType, hash) => {
    const { privateKey, certificate } = identity(keyType);
    const [header, body, signature] = segments(await signCompact(payload, privateKey));
    const ok = nodeVerify(
      hash,
      Buffer.from(`${header}.${body}`),
      { key: certificate.publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
    expect(ok).toBe(true);
  });
});

describe('verifyAndDecode rejections', () => {
  const algorithmNotAllowed = expect.objectContaining({
    name: 'JWSError',
    message: 'jws error: signature algorithm not allowed',
  });

  it('a validly signed RS256 token is rejected', async () => {
    const { privateKey, certificatePem } = identity('rsa-2048');
    const input = `${b64url('{"alg":"RS256"}')}.${b64url(JSON.stringify(payload))}`;
    const token = `${input}.${b64url(nodeSign('sha256', Buffer.from(input), privateKey))}`;
    expect(
      nodeVerify(
        'sha256',
        Buffer.from(input),
        createPublicKey(privateKey),
        Buffer.from(token.split('.')[2], 'base64url'),
      ),
    ).toBe(true);
    await expect(verifyAndDecode(token, certificatePem)).rejects.toThrow(algorithmNotAllowed);
  });

  it('an HS256 token keyed with the certificate public key (alg confusion) is rejected', async () => {
    const { certificate, certificatePem } = identity('rsa-2048');
    const secret = certificate.publicKey.export({ type: 'spki', format: 'pem' });
    const input = `${b64url('{"alg":"HS256"}')}.${b64url(JSON.stringify(payload))}`;
    const token = `${input}.${b64url(createHmac('sha256', secret).update(input).digest())}`;
    await expect(verifyAndDecode(token, certificatePem)).rejects.toThrow(algorithmNotAllowed);
  });

  it('an unsigned alg "none" token is rejected', async () => {
    const token = `${b64url('{"alg":"none"}')}.${b64url(JSON.stringify(payload))}.`;
    await expect(verifyAndDecode(token, identity('rsa-2048').certificatePem)).rejects.toThrow(algorithmNotAllowed);
    await expect(verifyAndDecode(token, identity('ec-p256').certificatePem)).rejects.toThrow(algorithmNotAllowed);
  });

  it('a tampered payload is rejected', async () => {
    const token = await signCompact(payload, identity('rsa-2048').privateKey);
    const [header, , signature] = segments(token);
    const forged = `${header}.${b64url('{"organizationID":"org2","actor":"someone@example.com"}')}.${signature}`;
    await expect(verifyAndDecode(forged, identity('rsa-2048').certificatePem)).rejects.toThrow(
      expect.objectContaining({ message: 'jws error: signature verification failed' }),
    );
  });

  it.each(roundTripCases)('a tampered %s signature is rejected', async (keyType) => {
    const [header, body, signature] = segments(await signCompact(payload, identity(keyType).privateKey));
    const bytes = Buffer.from(signature, 'base64url');
    bytes[bytes.length - 1] ^= 0x01;
    await expect(verifyAndDecode(`${header}.${body}.${b64url(bytes)}`, identity(keyType).certificate)).rejects.toThrow(
      JWSError,
    );
  });

  it('an ES256 token verified with an RSA certificate is rejected', async () => {
    const token = await signCompact(payload, identity('ec-p256').privateKey);
    await expect(verifyAndDecode(token, identity('rsa-2048').certificate)).rejects.toThrow(JWSError);
  });

  it('an ES256 token verified with a P-384 certificate (curve mismatch) is rejected', async () => {
    const token = await signCompact(payload, identity('ec-p256').privateKey);
    await expect(verifyAndDecode(token, identity('ec-p384').certificate)).rejects.toThrow(JWSError);
  });

  it('an ES384 header on a P-256 signature is rejected', async () => {
    const token = nodeSignedToken({ alg: 'ES384' }, JSON.stringify(payload), 'ES256', identity('ec-p256').privateKey);
    await expect(verifyAndDecode(token, identity('ec-p256').certificate)).rejects.toThrow(JWSError);
  });

  it('malformed tokens are rejected without echoing the token', async () => {
    for (const token of ['', 'not-a-token', 'a.b', 'a.b.c.d', '!!!.###.$$$']) {
      const error = await verifyAndDecode(token, identity('rsa-2048').certificatePem).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JWSError);
      if (token.length > 0) {
        expect((error as Error).message).not.toContain(token);
      }
    }
  });

  it('a signed payload that is not JSON is a JWS error', async () => {
    const token = nodeSignedToken({ alg: 'ES256' }, 'not json', 'ES256', identity('ec-p256').privateKey);
    await expect(verifyAndDecode(token, identity('ec-p256').certificate)).rejects.toThrow(
      expect.objectContaining({ message: 'jws error: payload is not valid JSON' }),
    );
  });

  it('error messages never contain the token', async () => {
    const token = await signCompact(payload, identity('rsa-2048').privateKey);
    const error = await verifyAndDecode(token, otherIdentity('rsa-2048').certificate).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JWSError);
    for (const part of token.split('.')) {
      expect((error as Error).message).not.toContain(part);
    }
    expect((error as JWSError).cause).toBeDefined();
  });

  it('an Ed25519 certificate is an unsupported key type', async () => {
    const token = await signCompact(payload, identity('ec-p256').privateKey);
    await expect(verifyAndDecode(token, identity('ed25519').certificatePem)).rejects.toThrow(UnsupportedKeyTypeError);
  });

  it('a P-521 certificate is accepted as ECDSA but cannot verify (no ES512)', async () => {
    const { privateKey, certificate } = identity('ec-p521');
    const input = `${b64url('{"alg":"ES512"}')}.${b64url(JSON.stringify(payload))}`;
    const token = `${input}.${b64url(nodeSign('sha512', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }))}`;
    await expect(verifyAndDecode(token, certificate)).rejects.toThrow(JWSError);
  });

  it('an unparsable PEM is a key error', async () => {
    const token = await signCompact(payload, identity('ec-p256').privateKey);
    await expect(
      verifyAndDecode(token, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'),
    ).rejects.toThrow(expect.objectContaining({ message: 'key error: invalid certificate' }));
    await expect(verifyAndDecode(token, 'garbage')).rejects.toThrow(KeyError);
  });
});

describe('encodeAndSign', () => {
  // Secrets are spread into a plain object literal: testkit's SecretObject interface lacks the index signature
  // that putSecret's KubernetesObjectLike parameter type requires.
  let api: FakeKubernetesAPI;
  let kube: KubeConfig;

  beforeAll(async () => {
    api = await FakeKubernetesAPI.start();
    kube = new KubeConfig();
    kube.loadFromString(api.kubeconfigYaml());
  });

  afterAll(async () => {
    await api.close();
  });

  it.each(roundTripCases)('%s credential from a Secret round-trips with its certificate', async (keyType, alg) => {
    const issued = await (await CertificateAuthority.create()).issueClient('signer', { keyType });
    api.putSecret({ ...tlsSecret('unikorn', `client-${keyType}`, issued) });
    // EC keys sign only when allowed: released Go servers verify PS512 with RSA keys only.
    const clientOptions = newHTTPClientOptions({
      certificateNamespace: 'unikorn',
      certificateName: `client-${keyType}`,
      signingKeys: alg === 'PS512' ? '' : 'rsa-or-ec',
    });
    const token = await encodeAndSign(kube, clientOptions, payload);
    expect(decodeSegment(segments(token)[0])).toBe(`{"alg":"${alg}"}`);
    expect(await verifyAndDecode(token, issued.certificatePem)).toEqual(payload);
  });

  it('loads the credential fresh on every call, so a rotated key is used immediately', async () => {
    const ca = await CertificateAuthority.create();
    const first = await ca.issueClient('signer', { keyType: 'ec-p256' });
    const second = await ca.issueClient('signer', { keyType: 'ec-p256' });
    const clientOptions = newHTTPClientOptions({
      certificateNamespace: 'unikorn',
      certificateName: 'rotating',
      signingKeys: 'rsa-or-ec',
    });
    api.putSecret({ ...tlsSecret('unikorn', 'rotating', first) });
    const before = api.reads('unikorn', 'rotating');
    await expect(
      verifyAndDecode(await encodeAndSign(kube, clientOptions, payload), first.certificatePem),
    ).resolves.toEqual(payload);
    api.putSecret({ ...tlsSecret('unikorn', 'rotating', second) });
    const rotated = await encodeAndSign(kube, clientOptions, payload);
    await expect(verifyAndDecode(rotated, second.certificatePem)).resolves.toEqual(payload);
    await expect(verifyAndDecode(rotated, first.certificatePem)).rejects.toThrow(JWSError);
    expect(api.reads('unikorn', 'rotating') - before).toBe(2);
  });

  it.each([
    ['ec-p256', 'ES256'],
    ['ec-p384', 'ES384'],
  ] as const)(
    'an EC %s key from a Secret is refused by default, naming the setting that enables %s',
    async (keyType, alg) => {
      const issued = await (await CertificateAuthority.create()).issueClient('signer', { keyType });
      api.putSecret({ ...tlsSecret('unikorn', `default-${keyType}`, issued) });
      const clientOptions = newHTTPClientOptions({
        certificateNamespace: 'unikorn',
        certificateName: `default-${keyType}`,
      });
      const error = await encodeAndSign(kube, clientOptions, payload).then(
        () => undefined,
        (reason: unknown) => reason as Error,
      );
      expect(error).toBeInstanceOf(ClientCredentialError);
      expect(error?.message).toContain(`would sign ${alg}`);
      expect(error?.message).toContain('--client-certificate-signing-keys=rsa-or-ec');
      expect(error?.message).toContain('signingKeys: "rsa-or-ec"');
      expect(error?.message).not.toMatch(/BEGIN|PRIVATE/);
    },
  );

  it('without a configured client certificate fails with a secret format error', async () => {
    await expect(encodeAndSign(kube, newHTTPClientOptions(), payload)).rejects.toThrow(
      expect.objectContaining({ message: 'secret incorrectly formatted: client certificate not configured' }),
    );
    await expect(encodeAndSign(kube, newHTTPClientOptions({ certificateName: 'x' }), payload)).rejects.toThrow(
      SecretFormatError,
    );
  });

  it('passes a missing Secret error through from Kubernetes', async () => {
    const clientOptions = newHTTPClientOptions({ certificateNamespace: 'unikorn', certificateName: 'missing' });
    const error = await encodeAndSign(kube, clientOptions, payload).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(JWSError);
    expect(api.reads('unikorn', 'missing')).toBe(1);
  });

  it('spiffe source without SPIFFE initialised fails with a client credential error', async () => {
    const error = await encodeAndSign(kube, newHTTPClientOptions({ source: 'spiffe' }), payload).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ClientCredentialError);
    expect((error as Error).message).toContain('SPIFFE sources not initialised');
  });
});

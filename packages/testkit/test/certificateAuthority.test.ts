import { createPrivateKey, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { CertificateAuthority, keyTypes, tlsSecret } from '../src';

describe('CertificateAuthority', () => {
  let ca: CertificateAuthority;

  beforeAll(async () => {
    ca = await CertificateAuthority.create({ commonName: 'testkit root' });
  });

  it('creates a self-signed CA certificate', () => {
    const cert = new X509Certificate(ca.certificatePem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe('CN=testkit root');
    expect(cert.checkIssued(cert)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
  });

  it.each(keyTypes)('issues a %s client certificate that verifies against the CA', async (keyType) => {
    const issued = await ca.issueClient('client-1', { keyType });
    const cert = new X509Certificate(issued.certificatePem);
    expect(cert.subject).toBe('CN=client-1');
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca.certificate)).toBe(true);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(issued.privateKeyPem).toContain('-----BEGIN PRIVATE KEY-----');
    const key = createPrivateKey(issued.privateKeyPem);
    expect(cert.checkPrivateKey(key)).toBe(true);
    expect(issued.commonName).toBe('client-1');
    expect(issued.keyType).toBe(keyType);
  });

  it.each(['rsa-2048', 'ec-p384', 'ed25519'] as const)('a %s CA signs leaves that verify', async (keyType) => {
    const other = await CertificateAuthority.create({ keyType });
    const issued = await other.issueServer();
    expect(issued.certificate.verify(other.publicKey)).toBe(true);
    expect(issued.certificate.verify(ca.publicKey)).toBe(false);
  });

  it('issues a server certificate for localhost and 127.0.0.1', async () => {
    const issued = await ca.issueServer();
    const cert = issued.certificate;
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(cert.ca).toBe(false);
  });

  it('reports serial number and fingerprint consistently with node', async () => {
    const issued = await ca.issueClient('serial', { serialNumber: '0A01' });
    expect(issued.serialNumber).toBe('0a01');
    expect(issued.serialNumber).toBe(issued.certificate.serialNumber.toLowerCase());
    expect(issued.fingerprint).toBe(issued.certificate.fingerprint256.replaceAll(':', '').toLowerCase());
    const random = await ca.issueClient('random');
    expect(random.serialNumber).toMatch(/^[1-7][0-9a-f]{31}$/);
    expect(random.serialNumber).toBe(random.certificate.serialNumber.toLowerCase());
  });

  it('re-encodes private keys as PKCS#1 and SEC1', async () => {
    const rsa = await ca.issueClient('rsa', { keyType: 'rsa-2048', keyFormat: 'pkcs1' });
    expect(rsa.privateKeyPem).toContain('-----BEGIN RSA PRIVATE KEY-----');
    expect(rsa.certificate.checkPrivateKey(createPrivateKey(rsa.privateKeyPem))).toBe(true);
    const ec = await ca.issueClient('ec', { keyType: 'ec-p384', keyFormat: 'sec1' });
    expect(ec.privateKeyPem).toContain('-----BEGIN EC PRIVATE KEY-----');
    await expect(ca.issueClient('bad', { keyType: 'ec-p256', keyFormat: 'pkcs1' })).rejects.toThrow('pkcs1');
  });

  it('issues expired certificates when notAfter is in the past', async () => {
    const expired = await ca.issueClient('old', { notAfter: new Date(Date.now() - 60_000) });
    expect(new Date(expired.certificate.validTo).getTime()).toBeLessThan(Date.now());
    expect(new Date(expired.certificate.validFrom).getTime()).toBeLessThan(
      new Date(expired.certificate.validTo).getTime(),
    );
  });

  it('builds chains through an intermediate CA', async () => {
    const intermediate = await ca.createIntermediate({ commonName: 'issuing' });
    expect(intermediate.certificate.ca).toBe(true);
    expect(intermediate.certificate.checkIssued(ca.certificate)).toBe(true);
    const leaf = await intermediate.issueClient('leaf');
    expect(leaf.certificate.verify(intermediate.publicKey)).toBe(true);
    expect(leaf.certificate.verify(ca.publicKey)).toBe(false);
    const chain = leaf.chainPem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
    expect(chain.map((pem) => new X509Certificate(pem).subject)).toEqual(['CN=leaf', 'CN=issuing', 'CN=testkit root']);
  });

  it('adds URI SANs for SPIFFE IDs', async () => {
    const issued = await ca.issueClient('spiffe', { uris: ['spiffe://example.org/ns/a/sa/b'] });
    expect(issued.certificate.subjectAltName).toBe('URI:spiffe://example.org/ns/a/sa/b');
  });
});

describe('tlsSecret', () => {
  it('base64-encodes tls.crt and tls.key', () => {
    const secret = tlsSecret('ns', 'name', { certificatePem: 'CERT', privateKeyPem: 'KEY' });
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'name', namespace: 'ns' },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': 'Q0VSVA==', 'tls.key': 'S0VZ' },
    });
    expect(tlsSecret('ns', 'name', { certificatePem: 'CERT' }, 'Opaque')).toMatchObject({
      type: 'Opaque',
      data: { 'tls.crt': 'Q0VSVA==' },
    });
  });
});

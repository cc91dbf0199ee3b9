import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { CertificateAuthority, MTLSServer } from '@unikorn-cloud/testkit';
import { runChild } from './support/childProcess';

const SERVER_ID = 'spiffe://example.org/ns/unikorn-region/sa/region-server';
const IMPOSTOR_ID = 'spiffe://example.org/ns/unikorn-region/sa/impostor';

let trusted: CertificateAuthority;
let foreign: MTLSServer;
let impostor: MTLSServer;

beforeAll(async () => {
  trusted = await CertificateAuthority.create({ commonName: 'trusted-ca' });
  const other = await CertificateAuthority.create({ commonName: 'foreign-ca' });
  foreign = await MTLSServer.start({ ca: other, certificate: await other.issueServer(), requestCert: false });
  impostor = await MTLSServer.start({
    ca: trusted,
    certificate: await trusted.issueServer({ uris: [IMPOSTOR_ID] }),
    requestCert: false,
  });
});

afterAll(async () => {
  await Promise.all([foreign.close(), impostor.close()]);
});

it('NODE_TLS_REJECT_UNAUTHORIZED=0 cannot switch verification off: an untrusted CA and a wrong SPIFFE ID are still refused', async () => {
  const result = await runChild(
    'rejectUnauthorized.mjs',
    { foreignUrl: foreign.url, impostorUrl: impostor.url, caPem: trusted.certificatePem, serverId: SERVER_ID },
    { NODE_TLS_REJECT_UNAUTHORIZED: '0', NODE_NO_WARNINGS: '1' },
  );
  expect(result).toEqual({
    env: '0',
    secret: expect.stringMatching(/^(SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE): /),
    spiffe: `ERR_CLIENT_CREDENTIAL: client credential: unexpected ID "${IMPOSTOR_ID}"`,
  });
  expect(foreign.requests).toHaveLength(0);
  expect(impostor.requests).toHaveLength(0);
}, 90_000);

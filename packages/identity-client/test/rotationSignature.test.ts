import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { DispatcherCache, verifyAndDecode } from '@unikorn-cloud/core-client';
import { type IssuedCertificate, tlsSecret, waitFor } from '@unikorn-cloud/testkit';
import { BaseClient, type ClientTransport, sendRequest } from '../src';
import { Environment, namespace } from './support/environment';

const HOUR = 3_600_000;
const CALLERS = 16;
const ROTATIONS = 24;
const ROTATION_EVERY_MS = 120;
const SERVICE = 'rotating-signer';

let env: Environment;
let server: Server;
let url: string;
let verified = 0;
const rejected: string[] = [];

/**
 * A server that verifies X-Principal as a Go server does: with the public key of the client certificate the TLS
 * connection presented; 400 when it does not verify.
 */
beforeAll(async () => {
  env = await Environment.start();
  const certificate = await env.ca.issueServer();
  server = createServer(
    {
      key: certificate.privateKeyPem,
      cert: certificate.certificatePem,
      ca: env.ca.certificatePem,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.3',
    },
    (request, response) => {
      const peer = (request.socket as TLSSocket).getPeerCertificate();
      const token = String(request.headers['x-principal'] ?? '');
      verifyAndDecode(token, new X509Certificate(peer.raw)).then(
        () => {
          verified++;
          response.end('{}');
        },
        (error: Error) => {
          rejected.push(`${request.url}: ${error.message}`);
          response.statusCode = 400;
          response.end('{"error":"invalid_request","error_description":"principal signature"}');
        },
      );
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `https://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  env.onClose(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
});

afterAll(async () => {
  await env.close();
});

it('16 callers signing a fresh principal per request while RSA and EC certificates rotate every 120 ms: every JWS verifies against the presenting connection', async () => {
  const issued: IssuedCertificate[] = [];
  for (let n = 0; n <= ROTATIONS; n++) {
    issued.push(await env.ca.issueClient(SERVICE, { keyType: n % 2 === 0 ? 'rsa-2048' : 'ec-p256' }));
  }
  env.api.putSecret(tlsSecret(namespace, `${SERVICE}-client`, issued[0]!));
  let clock = Date.now();
  const clientOptions = env.clientOptions(SERVICE, { reloadIntervalMs: HOUR, now: () => clock });
  const base = new BaseClient(env.kube, env.options(url), clientOptions, { dispatcherCache: new DispatcherCache() });
  env.onClose(() => base.close());
  const dispatcher = await base.httpClient();
  const build = (transport: ClientTransport) => (path: string) => sendRequest(transport, { method: 'GET', path });

  let stop = false;
  let sent = 0;
  const failures: unknown[] = [];
  const caller = async (id: number) => {
    for (let n = 0; !stop && n < 5_000; n++) {
      // A new principal per request: nothing comes from the signer's cache.
      const resource = {
        metadata: {
          labels: { 'unikorn-cloud.org/organization': `org-${id}-${n}`, 'unikorn-cloud.org/project': 'p' },
          annotations: { 'unikorn-cloud.org/creator': `caller-${id}@example.com` },
        },
      };
      try {
        const send = await base.controllerClient(build, resource);
        const response = await send(`/signed/${id}/${n}`);
        sent++;
        if (response.status !== 200) failures.push(response.status);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  const callers = Promise.all(Array.from({ length: CALLERS }, (_, id) => caller(id)));
  try {
    for (let n = 1; n <= ROTATIONS; n++) {
      const before = sent;
      await new Promise((resolve) => setTimeout(resolve, ROTATION_EVERY_MS));
      // Each rotation interval carries traffic, however slow the machine is.
      await waitFor(() => sent >= before + 5, 20_000, `traffic before rotation ${n}`);
      env.api.putSecret(tlsSecret(namespace, `${SERVICE}-client`, issued[n]!));
      clock += HOUR + 1;
    }
    // Rotations that land during one (slow) reload coalesce; keep the reload due until the last certificate is served.
    const source = dispatcher.config.credential!;
    const last = issued[ROTATIONS]!.fingerprint;
    await waitFor(
      () => {
        if (source.current().fingerprint === last && dispatcher.epoch === source.epoch) return true;
        if (!source.isDue()) clock += HOUR + 1;
        return false;
      },
      30_000,
      'the last certificate to be served',
    );
    const after = sent;
    await waitFor(() => sent >= after + 100, 20_000, 'traffic after the last rotation');
  } finally {
    stop = true;
    await callers;
  }

  expect(rejected).toEqual([]);
  expect(failures).toEqual([]);
  // Several rotations really happened under the callers (how many coalesced depends on the machine's load).
  expect(dispatcher.agentsCreated).toBeGreaterThan(2);
  expect(verified).toBe(sent);
  expect(sent).toBeGreaterThanOrEqual(ROTATIONS * 5 + 100);
}, 90_000);

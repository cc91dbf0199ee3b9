import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { httpConflict } from '@unikorn-cloud/core-client';
import { CertificateAuthority, type IssuedCertificate } from '@unikorn-cloud/testkit';
import express from 'express';
import Fastify from 'fastify';
import { Agent, request } from 'undici';
import {
  encodeClientCertificate,
  encodePrincipalHeader,
  expressErrorHandler,
  fastifyErrorHandler,
  inboundHook,
  inboundMiddleware,
  principalFromContext,
  withInboundAuthentication,
} from '../src';
import { fakeAuthenticator } from './support/fakeAuthenticator';
import { registerTracing, resetTracing } from './support/otel';

const zeros = '0'.repeat(32);
let ca: CertificateAuthority;
let service: IssuedCertificate;
let foreignAdmin: IssuedCertificate;
const closers: (() => Promise<unknown>)[] = [];

const { authenticator } = fakeAuthenticator();

beforeAll(async () => {
  ca = await CertificateAuthority.create({ commonName: 'wiring-ca' });
  service = await ca.issueClient('my-service');
  foreignAdmin = await (await CertificateAuthority.create({ commonName: 'foreign' })).issueClient('region-admin');
});

afterEach(() => {
  resetTracing();
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function get(url: string, headers: Record<string, string> | string[] = {}, dispatcher?: Agent) {
  const response = await request(url, { headers, dispatcher });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    headers: response.headers,
    text,
    json: String(response.headers['content-type'] ?? '').includes('json') && text !== '' ? JSON.parse(text) : undefined,
  };
}

describe('node:http / node:https wiring', () => {
  let plain: string;

  beforeAll(async () => {
    plain = await listen(
      createHttpServer(
        withInboundAuthentication(
          (req, res, inbound) => {
            if (req.url === '/conflict') throw httpConflict();
            if (req.url === '/boom') throw new Error('database password hunter2');
            res.setHeader('content-type', 'application/json');
            res.end(
              JSON.stringify({ subject: inbound?.subject ?? null, principal: inbound?.identity.principal ?? null }),
            );
          },
          { authenticator, trustIngressHeaders: true },
        ),
      ),
    );
  });

  it("a health probe passes unauthenticated; anything else without credentials is Go's 401", async () => {
    expect((await get(`http://${plain}/healthz`)).json).toEqual({ subject: null, principal: null });
    const denied = await get(`http://${plain}/api/v1/things`);
    expect(denied.status).toBe(401);
    expect(denied.headers['cache-control']).toBe('no-cache');
    expect(denied.headers['content-type']).toBe('application/json');
    expect(denied.headers['www-authenticate']).toBe(
      `Bearer error="access_denied",error_description="authorization header missing",resource_metadata="https://${plain}/.well-known/openid-protected-resource"`,
    );
    expect(denied.text).toBe(
      `{"error":"access_denied","error_description":"authorization header missing","trace_id":"${zeros}"}`,
    );
  });

  it('the README attack: Bearer garbage plus a foreign region-admin relay is refused 401, not 200 region-admin', async () => {
    const attack = await get(`http://${plain}/api/v1/things`, {
      authorization: 'Bearer garbage',
      'unikorn-client-certificate': encodeClientCertificate(foreignAdmin.certificate),
    });
    expect(attack.status).toBe(401);
    expect(attack.text).not.toContain('region-admin');
    const good = await get(`http://${plain}/api/v1/things`, {
      authorization: 'Bearer good',
      'unikorn-client-certificate': encodeClientCertificate(foreignAdmin.certificate),
    });
    expect(good.json.subject).toBe('joe@acme.com');
  });

  it("a handler error is Go's reply: an API error as itself, anything else a 500 that leaks nothing", async () => {
    const headers = { authorization: 'Bearer good' };
    expect((await get(`http://${plain}/conflict`, headers)).json).toMatchObject({ error: 'conflict' });
    const boom = await get(`http://${plain}/boom`, headers);
    expect(boom.status).toBe(500);
    expect(boom.text).not.toContain('hunter2');
  });

  it("the error trace_id is the caller's trace, continued through OpenTelemetry", async () => {
    registerTracing();
    const traceId = '0123456789abcdef0123456789abcdef';
    const denied = await get(`http://${plain}/api/v1/things`, { traceparent: `00-${traceId}-0123456789abcdef-01` });
    expect(denied.json.trace_id).toBe(traceId);
  });

  it('header names __proto__ and constructor reach the entry point without a crash', async () => {
    const response = await get(`http://${plain}/api/v1/things`, [
      'constructor',
      'x',
      '__proto__',
      'y',
      'authorization',
      'Bearer good',
    ]);
    expect(response.status).toBe(200);
  });

  it('node:https with mTLS: the verified TLS peer is the caller; its X-Principal is the principal', async () => {
    const certificate = await ca.issueServer();
    const host = await listen(
      createHttpsServer(
        {
          key: certificate.privateKeyPem,
          cert: certificate.certificatePem,
          ca: [ca.certificatePem],
          requestCert: true,
          rejectUnauthorized: true,
          minVersion: 'TLSv1.3',
        },
        withInboundAuthentication((_req, res, inbound) => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ subject: inbound?.subject, principal: inbound?.identity.principal }));
        }),
      ),
    );
    const agent = new Agent({
      connect: {
        ca: ca.certificatePem,
        cert: service.certificatePem,
        key: service.privateKeyPem,
        servername: 'localhost',
      },
    });
    closers.push(() => agent.close());
    const principal = encodePrincipalHeader({ type: 'user', actor: 'u@example.com' });
    const ok = await get(`https://${host}/api/v1/things`, { 'x-principal': principal }, agent);
    expect(ok.json).toEqual({ subject: 'my-service', principal: { type: 'user', actor: 'u@example.com' } });
    const forged = await get(
      `https://${host}/api/v1/things`,
      { 'x-principal': principal, 'ssl-client-cert': 'x', 'ssl-client-verify': 'SUCCESS' },
      agent,
    );
    expect(forged.status).toBe(400);
    expect(forged.json.error_description).toBe('certificate propagation failure');
  });
});

describe('Express wiring (real express, devDependency)', () => {
  it('route parameters scope the principal; failures and handler errors are Go replies', async () => {
    const app = express();
    const inbound = inboundMiddleware({ authenticator });
    app.get('/healthz', (_req, res) => {
      res.send('ok');
    });
    app.get('/api/v1/organizations/:organizationID/things', inbound, (_req, res) => {
      res.json({ principal: principalFromContext() });
    });
    app.get('/api/v1/boom', inbound, () => {
      throw new Error('private detail');
    });
    app.use(expressErrorHandler());
    const host = await listen(createHttpServer(app));
    expect((await get(`http://${host}/healthz`)).text).toBe('ok');
    const ok = await get(`http://${host}/api/v1/organizations/o1/things`, { authorization: 'Bearer good' });
    expect(ok.json.principal).toEqual({
      organizationId: 'o1',
      organizationIds: ['o1'],
      type: 'user',
      actor: 'joe@acme.com',
    });
    const denied = await get(`http://${host}/api/v1/organizations/o1/things`, { authorization: 'Bearer nope' });
    expect(denied.status).toBe(401);
    expect(denied.json).toMatchObject({ error: 'access_denied', error_description: 'token is invalid or has expired' });
    expect(denied.headers['www-authenticate']).toContain('error_description="token is invalid or has expired"');
    const boom = await get(`http://${host}/api/v1/boom`, { authorization: 'Bearer good' });
    expect(boom.status).toBe(500);
    expect(boom.json).toMatchObject({ error: 'server_error' });
    expect(boom.text).not.toContain('private detail');
  });
});

describe('Fastify wiring (real fastify, devDependency)', () => {
  it('the hook scopes by route parameters and the handler runs inside the identity context', async () => {
    const app = Fastify();
    app.addHook('onRequest', inboundHook({ authenticator }));
    app.setErrorHandler(fastifyErrorHandler());
    app.get('/healthz', async () => 'ok');
    app.get('/api/v1/organizations/:organizationID/things', async (request) => {
      await new Promise((resolve) => setImmediate(resolve));
      return {
        principal: principalFromContext(),
        subject: (request as unknown as { inbound?: { subject?: string } }).inbound?.subject,
      };
    });
    app.get('/api/v1/conflict', async () => {
      throw httpConflict();
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const host = `127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    expect((await get(`http://${host}/healthz`)).text).toBe('ok');
    const ok = await get(`http://${host}/api/v1/organizations/o1/things`, { authorization: 'Bearer good' });
    expect(ok.json).toEqual({
      principal: { organizationId: 'o1', organizationIds: ['o1'], type: 'user', actor: 'joe@acme.com' },
      subject: 'joe@acme.com',
    });
    const denied = await get(`http://${host}/api/v1/organizations/o1/things`);
    expect(denied.status).toBe(401);
    expect(denied.headers['cache-control']).toBe('no-cache');
    expect(denied.headers['www-authenticate']).toContain('authorization header missing');
    expect(denied.json).toMatchObject({ error: 'access_denied', trace_id: zeros });
    const conflict = await get(`http://${host}/api/v1/conflict`, { authorization: 'Bearer good' });
    expect(conflict.status).toBe(409);
    expect(conflict.text).toBe(
      `{"error":"conflict","error_description":"the requested resource already exists","trace_id":"${zeros}"}`,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { organizationId, projectId, RegionFixture, regionId } from './serverFixture';

const zeros = '0'.repeat(32);
const networkBody = (name: string, dnsNameservers = ['8.8.8.8']) => ({
  metadata: { name, tags: [{ name: 'env', value: 'test' }] },
  spec: { organizationId, projectId, regionId, prefix: '10.0.0.0/24', dnsNameservers },
});

describe('RegionAPIServer validation, errors and networks', () => {
  let fixture: RegionFixture;
  let now = Date.parse('2025-03-04T05:06:07.890Z');

  beforeAll(async () => {
    fixture = await RegionFixture.start({ clock: () => now, deleteDelayMs: 60_000 });
  });

  afterAll(async () => {
    await fixture.close();
  });

  const expectValidResponse = (operationId: string, status: number, body: unknown) => {
    expect(fixture.server.contract.validateResponse(operationId, status, body)).toEqual({ valid: true, errors: [] });
  };

  it('an unknown path is 404 not_found with the exact Go error headers and body', async () => {
    const response = await fixture.send('GET', '/api/v2/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.text).toBe(`{"error":"not_found","error_description":"resource not found","trace_id":"${zeros}"}`);
    expect(fixture.server.calls.at(-1)).toMatchObject({ operationId: undefined, status: 404, error: 'not_found' });
  });

  it('a known path with the wrong method is 405 method_not_allowed', async () => {
    const response = await fixture.send('PATCH', '/api/v2/networks');
    expect(response.status).toBe(405);
    expect(response.json).toEqual({
      error: 'method_not_allowed',
      error_description: 'the requested method was not allowed',
      trace_id: zeros,
    });
  });

  it('a non-UUID path id is 400 invalid_request and recorded as invalid', async () => {
    const response = await fixture.send('GET', '/api/v2/networks/not-a-uuid');
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: 'invalid_request' });
    expect(fixture.server.calls.at(-1)).toMatchObject({ operationId: 'getNetwork', valid: false, status: 400 });
  });

  it('a body that breaks the schema is 400 invalid_request; a non-JSON content type too', async () => {
    const bad = await fixture.send('POST', '/api/v2/networks', { body: networkBody('bad', ['1.1.1.300']) });
    expect(bad.status).toBe(400);
    const text = await fixture.send('POST', '/api/v2/networks', {
      body: JSON.stringify(networkBody('text')),
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(text.status).toBe(400);
    expect(text.json).toMatchObject({ error: 'invalid_request' });
  });

  it('the error trace_id is the traceparent trace id; an invalid traceparent gives zeros', async () => {
    const traceId = '0123456789abcdef0123456789abcdef';
    const traced = await fixture.send('GET', '/api/v2/networks/not-a-uuid', {
      headers: { traceparent: `00-${traceId}-0123456789abcdef-01` },
    });
    expect(traced.json).toMatchObject({ trace_id: traceId });
    const invalid = await fixture.send('GET', '/api/v2/networks/not-a-uuid', {
      headers: { traceparent: `00-${zeros}-0123456789abcdef-01` },
    });
    expect(invalid.json).toMatchObject({ trace_id: zeros });
  });

  it('creates, lists, gets and updates networks with responses that satisfy the contract', async () => {
    const created = await fixture.send('POST', '/api/v2/networks', { body: networkBody('net-a') });
    expect(created.status).toBe(201);
    expectValidResponse('createNetwork', 201, created.json);
    const id = (created.json as { metadata: { id: string } }).metadata.id;
    expect(created.json).toMatchObject({
      metadata: { name: 'net-a', organizationId, projectId, createdBy: 'alice@example.com' },
      status: { regionId, prefix: '10.0.0.0/24' },
    });
    expect((created.json as { metadata: { creationTime: string } }).metadata.creationTime).toBe('2025-03-04T05:06:07Z');
    fixture.server.addNetwork({ organizationId: 'other-org', projectId, regionId, name: 'net-b' });

    const listed = await fixture.send('GET', `/api/v2/networks?organizationID=${organizationId}&unknown=ignored`);
    expect(listed.status).toBe(200);
    expectValidResponse('listNetworks', 200, listed.json);
    expect((listed.json as { metadata: { name: string } }[]).map((n) => n.metadata.name)).toEqual(['net-a']);
    const tagged = await fixture.send('GET', '/api/v2/networks?tag=env=test');
    expect((tagged.json as unknown[]).length).toBe(1);

    const got = await fixture.send('GET', `/api/v2/networks/${id}`);
    expect(got.status).toBe(200);
    expectValidResponse('getNetwork', 200, got.json);

    const updated = await fixture.send('PUT', `/api/v2/networks/${id}`, {
      body: { metadata: { name: 'net-a2' }, spec: { dnsNameservers: ['1.1.1.1'] } },
    });
    expect(updated.status).toBe(202);
    expectValidResponse('updateNetwork', 202, updated.json);
    expect(updated.json).toMatchObject({ metadata: { name: 'net-a2' }, spec: { dnsNameservers: ['1.1.1.1'] } });
    expect(fixture.server.network(id)).toMatchObject({ metadata: { name: 'net-a2', modifiedBy: 'alice@example.com' } });
  });

  it('DELETE answers 202 and the network is deprovisioning until deleteDelayMs has passed', async () => {
    const id = fixture.server.addNetwork({ organizationId, projectId, regionId, name: 'short-lived' });
    const deleted = await fixture.send('DELETE', `/api/v2/networks/${id}`);
    expect(deleted.status).toBe(202);
    expect(deleted.text).toBe('');
    expectValidResponse('deleteNetwork', 202, undefined);
    const during = await fixture.send('GET', `/api/v2/networks/${id}`);
    expect(during.json).toMatchObject({ metadata: { provisioningStatus: 'deprovisioning' } });
    expectValidResponse('getNetwork', 200, during.json);
    now += 60_000;
    expect((await fixture.send('GET', `/api/v2/networks/${id}`)).status).toBe(404);
    expect((await fixture.send('DELETE', `/api/v2/networks/${id}`)).status).toBe(404);
  });

  it('lists images and regions that satisfy the contract', async () => {
    fixture.server.addImage(regionId, { name: 'ubuntu-24.04' });
    fixture.server.addImage(regionId, { name: 'private', organizationId });
    fixture.server.addImage(regionId, { name: 'broken', state: 'failed' });
    fixture.server.addRegion({ id: regionId, name: 'region-1' });
    const all = await fixture.send('GET', `/api/v2/regions/${regionId}/images?organizationID=${organizationId}`);
    expect(all.status).toBe(200);
    expectValidResponse('listImages', 200, all.json);
    const names = (body: unknown) => (body as { metadata: { name: string } }[]).map((i) => i.metadata.name);
    expect(names(all.json)).toEqual(['ubuntu-24.04', 'private', 'broken']);
    const owned = await fixture.send(
      'GET',
      `/api/v2/regions/${regionId}/images?organizationID=${organizationId}&scope=owned&status=ready`,
    );
    expect(names(owned.json)).toEqual(['private']);
    const unknown = await fixture.send('GET', '/api/v2/regions/9a0f2b1e-1111-4222-8333-944455556666/images');
    expect(unknown.status).toBe(404);
    const regions = await fixture.send('GET', `/api/v1/organizations/${organizationId}/regions`);
    expect(regions.status).toBe(200);
    expectValidResponse('listRegions', 200, regions.json);
  });

  it('other operations are validated and authenticated, then answer 501', async () => {
    const response = await fixture.send('GET', '/api/v2/securitygroups');
    expect(response.status).toBe(501);
    expect(response.json).toMatchObject({ error: 'server_error' });
    expect(fixture.server.calls.at(-1)).toMatchObject({
      operationId: 'listSecurityGroups',
      valid: true,
      status: 501,
      subject: 'my-service',
    });
  });

  it('the authorizer refuses with 403 forbidden and overrides force answers', async () => {
    fixture.server.setAuthorizer((call) => call.operationId !== 'listNetworks');
    const refused = await fixture.send('GET', '/api/v2/networks');
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: 'forbidden' });
    fixture.server.setAuthorizer(undefined);

    fixture.server.override('listNetworks', () => ({
      status: 500,
      headers: { 'Content-Type': 'text/html' },
      body: '<html>bad gateway</html>',
    }));
    const forced = await fixture.send('GET', '/api/v2/networks');
    expect(forced.status).toBe(500);
    expect(forced.headers['content-type']).toBe('text/html');
    expect(forced.text).toBe('<html>bad gateway</html>');
    fixture.server.override('listNetworks', undefined);
    expect((await fixture.send('GET', '/api/v2/networks')).status).toBe(200);
    expect(() => fixture.server.override('noSuchOperation', () => undefined)).toThrow('unknown operation');
  });

  it('response validation catches bodies that break the contract', () => {
    const { contract } = fixture.server;
    expect(contract.validateResponse('getNetwork', 200, { metadata: {} }).valid).toBe(false);
    expect(contract.validateResponse('deleteNetwork', 202, { unexpected: true }).valid).toBe(false);
    expect(contract.validateResponse('addNetworkReference', 200, undefined).valid).toBe(false);
  });
});

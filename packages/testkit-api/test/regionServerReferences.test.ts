import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { organizationId, projectId, RegionFixture, reference, regionId } from './serverFixture';

const singleEncoded = 'computeclusters.compute.unikorn-cloud.org%2Fabc';
const doubleEncoded = 'computeclusters.compute.unikorn-cloud.org%252Fabc';

describe('RegionAPIServer network references', () => {
  let fixture: RegionFixture;

  beforeAll(async () => {
    fixture = await RegionFixture.start();
  });

  afterAll(async () => {
    await fixture.close();
  });

  const addNetwork = () => fixture.server.addNetwork({ organizationId, projectId, regionId, name: 'net' });
  const referencePath = (networkId: string, segment = doubleEncoded) =>
    `/api/v2/networks/${networkId}/references/${segment}`;

  it('adding twice answers 201 twice with no body and stores one reference', async () => {
    const id = addNetwork();
    for (let i = 0; i < 2; i += 1) {
      const response = await fixture.send('PUT', referencePath(id));
      expect(response.status).toBe(201);
      expect(response.text).toBe('');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(fixture.server.contract.validateResponse('addNetworkReference', 201, response.text).valid).toBe(true);
    }
    expect(fixture.server.references(id)).toEqual([reference]);
    expect(fixture.server.calls.at(-1)).toMatchObject({ operationId: 'addNetworkReference', params: { reference } });
  });

  it('removing twice answers 204 twice and leaves no reference', async () => {
    const id = fixture.server.addNetwork({ organizationId, projectId, regionId, name: 'net', references: [reference] });
    for (let i = 0; i < 2; i += 1) {
      const response = await fixture.send('DELETE', referencePath(id));
      expect(response.status).toBe(204);
      expect(response.headers['cache-control']).toBe('no-cache');
    }
    expect(fixture.server.references(id)).toEqual([]);
  });

  it('%252F and %2F both decode to the same reference', async () => {
    const id = addNetwork();
    expect((await fixture.send('PUT', referencePath(id, singleEncoded))).status).toBe(201);
    expect(fixture.server.references(id)).toEqual([reference]);
    expect((await fixture.send('PUT', referencePath(id, doubleEncoded))).status).toBe(201);
    expect(fixture.server.references(id)).toEqual([reference]);
    expect((await fixture.send('DELETE', referencePath(id, singleEncoded))).status).toBe(204);
    expect(fixture.server.references(id)).toEqual([]);
  });

  it('an unknown network is 404 not_found for add and remove', async () => {
    const missing = '3b241101-e2bb-4255-8caf-4136c566a962';
    const added = await fixture.send('PUT', referencePath(missing));
    expect(added.status).toBe(404);
    expect(added.json).toMatchObject({ error: 'not_found', error_description: 'resource not found' });
    expect((await fixture.send('DELETE', referencePath(missing))).status).toBe(404);
  });

  it('adding to a network being deleted is 400 "unable to add reference, resource is being deleted"', async () => {
    const id = addNetwork();
    fixture.server.markDeleting(id);
    const response = await fixture.send('PUT', referencePath(id));
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({
      error: 'invalid_request',
      error_description: 'unable to add reference, resource is being deleted',
    });
    expect(fixture.server.references(id)).toEqual([]);
    expect(fixture.server.network(id)).toMatchObject({ metadata: { provisioningStatus: 'deprovisioning' } });
  });

  it('deleting a referenced network is 403 forbidden; once unreferenced it is 202 and gone', async () => {
    const id = fixture.server.addNetwork({ organizationId, projectId, regionId, name: 'net', references: [reference] });
    const refused = await fixture.send('DELETE', `/api/v2/networks/${id}`);
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({
      error: 'forbidden',
      error_description: 'network is in use and cannot be deleted',
    });
    expect((await fixture.send('DELETE', referencePath(id))).status).toBe(204);
    expect((await fixture.send('DELETE', `/api/v2/networks/${id}`)).status).toBe(202);
    expect(fixture.server.network(id)).toBeUndefined();
  });

  it('a malformed escape in the path gets Go net/http 400 Bad Request', async () => {
    const response = await fixture.send('PUT', `/api/v2/networks/${addNetwork()}/references/bad%zz`);
    expect(response.status).toBe(400);
    expect(response.text).toBe('400 Bad Request');
  });
});

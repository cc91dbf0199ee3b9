/**
 * The testkit identity server: validates requests against the identity contract, binds UUID path IDs before
 * authenticating (as Go's generated router does), verifies X-Principal like the region server, and keeps project
 * references and quota allocations with identity's semantics.
 */

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signCompact } from '@unikorn-cloud/core-client';
import { IdentityFixture, organizationId, principalHeader } from './serverFixture';

const reference = 'networks.region.unikorn-cloud.org/n1';
const doubleEncoded = 'networks.region.unikorn-cloud.org%252Fn1';
const allocationBody = {
  metadata: { name: 'undefined' },
  spec: {
    allocations: [{ committed: 1, kind: 'networks', reserved: 0 }],
    id: 'n1',
    kind: 'networks.region.unikorn-cloud.org',
  },
};

describe('IdentityAPIServer', () => {
  let fixture: IdentityFixture;
  let projectId: string;

  beforeAll(async () => {
    fixture = await IdentityFixture.start();
    projectId = fixture.server.addProject({ organizationId, name: 'demo' });
  });

  afterAll(async () => {
    await fixture.close();
  });

  const projectPath = (project = projectId) => `/api/v1/organizations/${organizationId}/projects/${project}`;

  describe('request authentication and validation', () => {
    it('a non-UUID path ID is 400 invalid path/query element before any authentication', async () => {
      for (const client of [fixture.rsaClient, null]) {
        const response = await fixture.send('GET', '/api/v1/organizations/not-a-uuid/projects', {
          client,
          headers: { 'X-Principal': '' },
        });
        expect(response.status).toBe(400);
        expect(response.json).toMatchObject({
          error: 'invalid_request',
          error_description: 'invalid path/query element',
        });
      }
      expect(fixture.server.calls.at(-1)).toMatchObject({
        operationId: 'listProjects',
        valid: false,
        subject: undefined,
      });
    });

    it("binds UUID path IDs with Go's grammar: an upper-case or {…} ID reaches the handler canonical", async () => {
      const response = await fixture.send('GET', projectPath(`{${projectId.toUpperCase()}}`));
      expect(response.status).toBe(200);
      expect(fixture.server.calls.at(-1)?.params.projectID).toBe(projectId);
    });

    it('requires a client certificate (401 with WWW-Authenticate) and a principal (400)', async () => {
      const anonymous = await fixture.send('GET', projectPath(), { client: null });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer error="access_denied"/);
      const noPrincipal = await fixture.send('GET', projectPath(), { headers: { 'X-Principal': '' } });
      expect(noPrincipal.status).toBe(400);
      expect(noPrincipal.json).toMatchObject({ error_description: 'principal propagation failure for authentication' });
    });

    it("verifies a signed principal against the caller's certificate", async () => {
      const principal = { organizationId, projectId, actor: 'controller@example.com' };
      const token = await signCompact(principal, fixture.rsaClient.privateKey);
      const signed = await fixture.send('GET', projectPath(), { headers: { 'X-Principal': token } });
      expect(signed.status).toBe(200);
      expect(fixture.server.calls.at(-1)).toMatchObject({ signed: true, subject: 'my-service', principal });
      const forged = await fixture.send('GET', projectPath(), {
        client: fixture.ecClient,
        headers: { 'X-Principal': token },
      });
      expect(forged.status).toBe(400);
    });

    it('refuses a body the contract rejects', async () => {
      const { spec: _dropped, ...incomplete } = allocationBody;
      const response = await fixture.send('POST', `${projectPath()}/allocations`, { body: incomplete });
      expect(response.status).toBe(400);
      expect(fixture.server.calls.at(-1)).toMatchObject({ operationId: 'createAllocation', valid: false });
    });

    it('answers operations without a handler 501 after validating them', async () => {
      const response = await fixture.send('GET', `/api/v1/organizations/${organizationId}/users`);
      expect(response.status).toBe(501);
      expect(fixture.server.calls.at(-1)).toMatchObject({ operationId: 'listUsers', valid: true });
    });
  });

  describe('project references', () => {
    const referencePath = (project = projectId) => `${projectPath(project)}/references/${doubleEncoded}`;

    it('add answers 201 (no body) whether the reference is new or already there', async () => {
      for (let i = 0; i < 2; i += 1) {
        const response = await fixture.send('PUT', referencePath());
        expect(response.status).toBe(201);
        expect(response.text).toBe('');
        expect(response.headers['cache-control']).toBe('no-cache');
        expect(fixture.server.contract.validateResponse('addProjectReference', 201, response.text).valid).toBe(true);
      }
      expect(fixture.server.references(organizationId, projectId)).toEqual([reference]);
    });

    it('remove answers 204 whether or not the reference is there', async () => {
      for (let i = 0; i < 2; i += 1) {
        expect((await fixture.send('DELETE', referencePath())).status).toBe(204);
      }
      expect(fixture.server.references(organizationId, projectId)).toEqual([]);
    });

    it('a missing project is 404 for add and remove', async () => {
      const missing = '3b241101-e2bb-4255-8caf-4136c566a962';
      const added = await fixture.send('PUT', referencePath(missing));
      expect(added.status).toBe(404);
      expect(added.json).toMatchObject({ error: 'not_found', error_description: 'resource not found' });
      expect((await fixture.send('DELETE', referencePath(missing))).status).toBe(404);
    });

    it('a project being deleted refuses new references (400) and goes with its last one', async () => {
      const doomed = fixture.server.addProject({ organizationId, references: ['other/x'] });
      fixture.server.deleteProject(organizationId, doomed);
      const refused = await fixture.send('PUT', referencePath(doomed));
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({
        error: 'invalid_request',
        error_description: 'unable to add reference, resource is being deleted',
      });
      expect(fixture.server.project(organizationId, doomed)).toMatchObject({
        metadata: { provisioningStatus: 'deprovisioning' },
      });
      expect((await fixture.send('DELETE', `${projectPath(doomed)}/references/other%252Fx`)).status).toBe(204);
      expect(fixture.server.project(organizationId, doomed)).toBeUndefined();
    });
  });

  describe('allocations', () => {
    it('create answers 201 allocationRead with a new ID, kind and id echoed', async () => {
      const response = await fixture.send('POST', `${projectPath()}/allocations`, { body: allocationBody });
      expect(response.status).toBe(201);
      expect(fixture.server.contract.validateResponse('createAllocation', 201, response.json).valid).toBe(true);
      const created = response.json as { metadata: { id: string }; spec: unknown };
      expect(created.metadata.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.spec).toEqual(allocationBody.spec);
      expect(fixture.server.allocation(organizationId, projectId, created.metadata.id)).toMatchObject({
        kind: 'networks.region.unikorn-cloud.org',
        resourceId: 'n1',
        createdBy: 'alice@example.com',
      });
    });

    it('update answers 200, delete 202 without a body, then both are 404', async () => {
      const created = (await fixture.send('POST', `${projectPath()}/allocations`, { body: allocationBody })).json as {
        metadata: { id: string };
      };
      const path = `${projectPath()}/allocations/${created.metadata.id}`;
      const more = {
        ...allocationBody,
        spec: { ...allocationBody.spec, allocations: [{ committed: 2, kind: 'networks', reserved: 1 }] },
      };
      const updated = await fixture.send('PUT', path, { body: more });
      expect(updated.status).toBe(200);
      expect(fixture.server.contract.validateResponse('updateAllocation', 200, updated.json).valid).toBe(true);
      expect((await fixture.send('GET', path)).json).toMatchObject({ spec: more.spec });
      const deleted = await fixture.send('DELETE', path);
      expect(deleted.status).toBe(202);
      expect(deleted.text).toBe('');
      expect((await fixture.send('DELETE', path)).status).toBe(404);
      expect((await fixture.send('PUT', path, { body: more })).status).toBe(404);
    });

    it('refuses an allocation over quota with 403 forbidden and the quota text', async () => {
      const quotaOrganization = '5b0f6a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
      const project = fixture.server.addProject({ organizationId: quotaOrganization });
      fixture.server.setQuota(quotaOrganization, 'networks', 1);
      const principal = principalHeader({ organizationId: quotaOrganization, projectId: project });
      const path = `/api/v1/organizations/${quotaOrganization}/projects/${project}/allocations`;
      expect(
        (await fixture.send('POST', path, { body: allocationBody, headers: { 'X-Principal': principal } })).status,
      ).toBe(201);
      const refused = await fixture.send('POST', path, { body: allocationBody, headers: { 'X-Principal': principal } });
      expect(refused.status).toBe(403);
      expect(refused.json).toMatchObject({
        error: 'forbidden',
        error_description: 'total networks allocation of 2 would exceed quota limit of 1',
      });
    });
  });
});

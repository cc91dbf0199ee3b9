// The provisioner story: what a region service does around a resource it creates, on the same environment.
//   6. an API handler charges a network allocation to the caller's project (identity, unsigned principal) and
//      persists the resource with its allocation annotation;
//   7. the provisioner protects the project with a reference (identity, signed principal);
//   8. a server references the network: a finalizer on the Network resource (Kubernetes, core manager);
//   9. deleting the network is blocked by that reference: Kubernetes only marks it;
//  10. the server releases the network, which Kubernetes then deletes;
//  11. the provisioner releases the project reference;
//  12. the allocation is released (identity, signed principal).
import { KubernetesObjectApi } from '@kubernetes/client-node';
import {
  addResourceReference,
  generateResourceReference,
  getResourceReferences,
  removeResourceReference,
  UnikornError,
} from '@unikorn-cloud/core-client';
import {
  Allocations,
  Client as IdentityClient,
  References as IdentityReferences,
  withPrincipal,
} from '@unikorn-cloud/identity-client';
import { type DemoEnvironment, NAMESPACE, ORGANIZATION, PROJECT, USER, unikornResource } from './environment.ts';
import { type Expectations, line, step } from './print.ts';

const NETWORK_KIND = { apiVersion: 'region.unikorn-cloud.org/v1alpha1', kind: 'Network' } as const;
const ALLOCATION_ANNOTATION = 'unikorn-cloud.org/allocation-id';

/** Runs steps 6–12. */
export async function provisionerStory(env: DemoEnvironment, results: Expectations): Promise<void> {
  const { kubernetes, identity, kube, identityOptions, clientOptions } = env;
  const objects = KubernetesObjectApi.makeApiClient(kube);
  const identityClient = new IdentityClient(kube, identityOptions, clientOptions);
  const projectReferences = new IdentityReferences(undefined, identityOptions, clientOptions, { kube });
  const network = unikornResource(NETWORK_KIND.apiVersion, NETWORK_KIND.kind, 'network-5d1c');
  const server = unikornResource('region.unikorn-cloud.org/v1alpha1', 'Server', 'server-0a9e');
  const servers = [identity];
  const networkKey = { namespace: NAMESPACE, name: network.metadata.name };
  const stored = () => kubernetes.getObject(NETWORK_KIND.apiVersion, NETWORK_KIND.kind, NAMESPACE, networkKey.name);

  line();
  line('Provisioner story: quota, project and network references around a new Network resource');

  const charged = await step(
    '6. Charge a network allocation for alice@example.com (API handler) and persist the resource',
    servers,
    kubernetes,
    async () => {
      const allocations = new Allocations(kube, await identityClient.apiClient());
      await withPrincipal(USER, () => allocations.create(network, [{ kind: 'networks', committed: 1 }]));
      await objects.create(network);
    },
  );
  const allocationID = network.metadata.annotations[ALLOCATION_ANNOTATION];
  line(
    `   ${ALLOCATION_ANNOTATION}: ${allocationID}; identity allocations: ${identity.allocations(ORGANIZATION, PROJECT).length}`,
  );
  results.expect(
    !(charged instanceof UnikornError) && identity.allocation(ORGANIZATION, PROJECT, allocationID ?? '') !== undefined,
    'the allocation should exist and be recorded on the resource',
  );

  const protectedProject = await step(
    '7. Protect the project with a reference (provisioner)',
    servers,
    kubernetes,
    () => projectReferences.addReferenceToProject(network),
  );
  line(`   project references now: ${JSON.stringify(identity.references(ORGANIZATION, PROJECT))}`);
  results.expect(
    !(protectedProject instanceof UnikornError) && identity.references(ORGANIZATION, PROJECT).length === 1,
    'the project should carry the network reference',
  );

  const serverReference = await generateResourceReference(kube, server);
  const referenced = await step(
    `8. Server ${server.metadata.name} references the network (a finalizer on the Network resource)`,
    servers,
    kubernetes,
    () => addResourceReference(kube, NETWORK_KIND, networkKey, serverReference),
  );
  line(`   network references now: ${JSON.stringify(getResourceReferences(stored() ?? {}))}`);
  results.expect(!(referenced instanceof UnikornError), 'the network reference should be added');

  await step('9. Delete the Network resource while it is referenced', servers, kubernetes, () =>
    objects.delete(network),
  );
  line(
    `   still there, deletionTimestamp ${stored()?.metadata.deletionTimestamp ?? 'none'} (blocked by its finalizers)`,
  );
  results.expect(stored()?.metadata.deletionTimestamp !== undefined, 'deletion should wait for the reference');

  await step('10. The server releases the network', servers, kubernetes, () =>
    removeResourceReference(kube, NETWORK_KIND, networkKey, serverReference),
  );
  line(`   Network resource ${stored() === undefined ? 'deleted by the API server' : 'still there'}`);
  results.expect(stored() === undefined, 'the network should be gone once unreferenced');

  const released = await step('11. Release the project reference (provisioner)', servers, kubernetes, () =>
    projectReferences.removeReferenceFromProject(network),
  );
  line(`   project references now: ${JSON.stringify(identity.references(ORGANIZATION, PROJECT))}`);
  results.expect(
    !(released instanceof UnikornError) && identity.references(ORGANIZATION, PROJECT).length === 0,
    'the project reference should be removed',
  );

  const freed = await step(
    '12. Release the allocation (provisioner, signed principal)',
    servers,
    kubernetes,
    async () => {
      const allocations = new Allocations(kube, await identityClient.controllerClient(network));
      await allocations.delete(network);
    },
  );
  line(`   identity allocations now: ${identity.allocations(ORGANIZATION, PROJECT).length}`);
  results.expect(
    !(freed instanceof UnikornError) && identity.allocations(ORGANIZATION, PROJECT).length === 0,
    'the allocation should be released',
  );
}

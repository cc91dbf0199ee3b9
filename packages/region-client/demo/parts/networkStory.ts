// The network story: a request-driven caller and a controller working with a region network.
//   1. list networks as a request-driven caller acting for a user (unsigned principal);
//   2. add a reference to a network as a controller (principal rebuilt from a resource and signed);
//   3. try to delete the network: refused while referenced;
//   4. remove the reference;
//   5. delete the network.
import { APIError, UnikornError } from '@unikorn-cloud/core-client';
import { withPrincipal } from '@unikorn-cloud/identity-client';
import { Client, References } from '@unikorn-cloud/region-client';
import { type DemoEnvironment, ORGANIZATION, PROJECT, REGION, USER, unikornResource } from './environment.ts';
import { type Expectations, line, step } from './print.ts';

/** Runs steps 1–5. */
export async function networkStory(env: DemoEnvironment, results: Expectations): Promise<void> {
  const { kubernetes, region, kube, regionOptions, clientOptions } = env;
  const cluster = unikornResource('compute.unikorn-cloud.org/v1alpha1', 'ComputeCluster', 'cluster-7f3a');
  kubernetes.putObject(cluster);
  const networkID = region.addNetwork({
    organizationId: ORGANIZATION,
    projectId: PROJECT,
    regionId: REGION,
    name: 'demo-network',
  });
  line(`   Network ${networkID} in project ${PROJECT} (region)`);

  const api = await new Client(kube, regionOptions, clientOptions).apiClient();
  const references = new References(undefined, regionOptions, clientOptions, { kube });
  const servers = [region];

  const listed = await step(
    '1. List networks as a request-driven caller for alice@example.com',
    servers,
    kubernetes,
    () => withPrincipal(USER, () => api.networks.list()),
  );
  if (Array.isArray(listed))
    line(
      `   result: ${listed.length} network(s): ${listed.map((n) => `${n.metadata.name} (${n.metadata.id})`).join(', ')}`,
    );
  results.expect(Array.isArray(listed) && listed.length === 1, 'list should return the demo network');

  const added = await step(
    '2. Add a reference as the controller of ComputeCluster cluster-7f3a',
    servers,
    kubernetes,
    () => references.addReferenceToNetwork(networkID, cluster),
  );
  line(`   network references now: ${JSON.stringify(region.references(networkID))}`);
  results.expect(
    !(added instanceof UnikornError) && region.references(networkID).length === 1,
    'reference should be added',
  );

  const refused = await step('3. Delete the network while it is referenced', servers, kubernetes, () =>
    withPrincipal(USER, () => api.networks.delete({ networkId: networkID })),
  );
  results.expect(refused instanceof APIError && refused.status === 403, 'delete should be refused with 403');

  const removed = await step('4. Remove the reference as the controller', servers, kubernetes, () =>
    references.removeReferenceFromNetwork(networkID, cluster),
  );
  line(`   network references now: ${JSON.stringify(region.references(networkID))}`);
  results.expect(
    !(removed instanceof UnikornError) && region.references(networkID).length === 0,
    'reference should be removed',
  );

  const deleted = await step('5. Delete the network', servers, kubernetes, () =>
    withPrincipal(USER, () => api.networks.delete({ networkId: networkID })),
  );
  results.expect(
    !(deleted instanceof UnikornError) && region.network(networkID) === undefined,
    'network should be deleted',
  );
}

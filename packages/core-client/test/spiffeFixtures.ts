import { FakeWorkloadAPI, type FakeWorkloadAPIOptions } from '@unikorn-cloud/testkit';
import { loadClientCredential } from '../src/credentials/sources';
import { initSPIFFE, type SpiffeCloser } from '../src/credentials/spiffe';
import { type HTTPClientOptions, newHTTPClientOptions } from '../src/options/options';

export const CLIENT_ID = 'spiffe://example.org/ns/unikorn-identity/sa/identity-client';
export const SERVER_ID = 'spiffe://example.org/ns/unikorn-region/sa/region-server';
export const IMPOSTOR_ID = 'spiffe://example.org/ns/unikorn-region/sa/impostor';

/** Polls until `condition` holds (10 ms steps). */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what = 'condition',
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A fake agent plus client options initialised against it. */
export interface SpiffeClient {
  agent: FakeWorkloadAPI;
  clientOptions: HTTPClientOptions;
  closer: SpiffeCloser;
}

/** Starts a fake Workload API and runs initSPIFFE for spiffe-mode options pointing at it (fast reconnects). */
export async function startSpiffeClient(
  agentOptions: FakeWorkloadAPIOptions = {},
  serverId = SERVER_ID,
): Promise<SpiffeClient> {
  const agent = await FakeWorkloadAPI.start({ spiffeId: CLIENT_ID, ...agentOptions });
  const clientOptions = newHTTPClientOptions({ source: 'spiffe', spiffeServerId: serverId });
  const closer = await initSPIFFE(clientOptions, {
    endpointSocket: agent.address,
    timeoutMs: 5_000,
    backoff: { initialMs: 20, maxMs: 100 },
  });
  return { agent, clientOptions, closer };
}

/** Fingerprint of the SVID leaf the client currently holds. */
export async function heldFingerprint(client: SpiffeClient): Promise<string | undefined> {
  // The SPIFFE path never touches Kubernetes, so no KubeConfig is needed.
  return (await loadClientCredential(undefined as never, client.clientOptions))?.fingerprint;
}

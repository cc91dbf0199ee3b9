// The region-client demo: a whole trust chain on this machine, with real parts only.
//
// It starts the testkit environment (a certificate authority, a fake Kubernetes API over HTTPS holding the CA
// Secrets, this service's client-certificate Secret and the custom resources, and region and identity API servers
// that validate every request against their contracts and verify X-Principal like Go servers), then walks through
// two stories, printing what each step sent and received:
//   - the network story (steps 1–5, demo/parts/networkStory.ts): list networks for a user, reference a network as a
//     controller, deletion refused while referenced, release, delete;
//   - the provisioner story (steps 6–12, demo/parts/provisionerStory.ts): charge an allocation, protect the project
//     with a reference, reference the network from a server (Kubernetes finalizer), then release everything.
// Keys are never printed; signed principals are shortened.
//
// Run: `pnpm demo` at the repository root (after the build), or `node demo/demo.ts` in this package.
import { startDemoEnvironment } from './parts/environment.ts';
import { networkStory } from './parts/networkStory.ts';
import { Expectations, line } from './parts/print.ts';
import { provisionerStory } from './parts/provisionerStory.ts';

async function main(): Promise<void> {
  const env = await startDemoEnvironment();
  const results = new Expectations();
  try {
    await networkStory(env, results);
    await provisionerStory(env, results);
    line();
    line(
      `Kubernetes Secret reads: region-ca ${env.kubernetes.reads('unikorn', 'region-ca')}, identity-ca ${env.kubernetes.reads('unikorn', 'identity-ca')}, compute-client-certificate ${env.kubernetes.reads('unikorn', 'compute-client-certificate')} (one per TLS dispatcher: each is shared)`,
    );
  } finally {
    await env.close();
  }
  line(
    results.failed
      ? 'Demo finished with unexpected results.'
      : 'Demo finished: every step behaved as Go region and identity servers and clients would.',
  );
  process.exitCode = results.failed ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

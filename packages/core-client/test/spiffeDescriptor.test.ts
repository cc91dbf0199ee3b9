import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';

/** The workspace dependencies (`@unikorn-cloud/*`, any kind) a package's manifest declares. */
async function workspaceDependencies(manifest: URL): Promise<string[]> {
  const json = JSON.parse(await readFile(manifest, 'utf8')) as Record<string, Record<string, string> | undefined>;
  const names = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) =>
    Object.keys(json[field] ?? {}),
  );
  return names.filter((name) => name.startsWith('@unikorn-cloud/')).sort();
}

describe('Workload API descriptor', () => {
  it('the client copy (core-client) and the fake server copy (testkit) are byte-identical', async () => {
    const [client, server] = await Promise.all([
      readFile(new URL('../src/credentials/spiffe/workloadDescriptor.ts', import.meta.url), 'utf8'),
      readFile(new URL('../../testkit/src/spiffe/workloadDescriptor.ts', import.meta.url), 'utf8'),
    ]);
    expect(server).toBe(client);
  });

  it('the copy is needed: core-client depends on testkit, so testkit cannot depend on core-client for it', async () => {
    // When this fails because core-client no longer uses testkit, let testkit import core-client's descriptor and
    // delete testkit's copy.
    expect(await workspaceDependencies(new URL('../package.json', import.meta.url))).toContain(
      '@unikorn-cloud/testkit',
    );
    expect(await workspaceDependencies(new URL('../../testkit/package.json', import.meta.url))).not.toContain(
      '@unikorn-cloud/core-client',
    );
  });
});

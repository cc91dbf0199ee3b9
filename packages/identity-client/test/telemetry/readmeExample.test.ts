/**
 * Runs the README's tracing example as a user would paste it: the ```ts block after "A complete tracing set-up",
 * as an ES module in a child process (the built package, the real SDK and undici instrumentation), against the
 * contract-validating identity server. Checks its output and the bytes the server received.
 */

import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type IdentityEnvironment,
  ORGANIZATION,
  PROJECT,
  startIdentityEnvironment,
} from '../identity/support/identityEnvironment';
import { headerValues, traceparentSpanId } from '../support/telemetrySdk';

const run = promisify(execFile);
const packageDir = path.resolve(import.meta.dirname, '../..');

/** The README block of the tracing set-up. */
function readmeExample(): string {
  const readme = readFileSync(path.join(packageDir, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### A complete tracing set-up'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (block === null) throw new Error('README: no tracing example');
  return block[1];
}

let identity: IdentityEnvironment;

beforeAll(async () => {
  identity = await startIdentityEnvironment();
});

afterAll(async () => {
  await identity.close();
});

describe('README tracing example', () => {
  it('runs as pasted: prints our client span under `reconcile`, and the server sees exactly one traceparent naming it', async () => {
    // The example's givens (its hidden prelude), from the test environment.
    const givens = [
      "import { KubeConfig as ExampleKubeConfig } from '@kubernetes/client-node';",
      'const kube = new ExampleKubeConfig();',
      'kube.loadFromString(process.env.EXAMPLE_KUBECONFIG);',
      'const identityHost = process.env.EXAMPLE_HOST;',
      'const organizationId = process.env.EXAMPLE_ORGANIZATION;',
      'const projectId = process.env.EXAMPLE_PROJECT;',
    ].join('\n');
    // Inside the package, so `@unikorn-cloud/identity-client` resolves to this package's build (self-reference).
    const file = path.join(packageDir, `.readme-example-${process.pid}.mjs`);
    writeFileSync(file, `${givens}\n${readmeExample()}`);
    const before = identity.server.requests.length;
    try {
      const { stdout } = await run(process.execPath, [file], {
        cwd: packageDir,
        timeout: 60_000,
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          EXAMPLE_KUBECONFIG: identity.kubernetes.kubeconfigYaml(),
          EXAMPLE_HOST: identity.server.url,
          EXAMPLE_ORGANIZATION: ORGANIZATION,
          EXAMPLE_PROJECT: PROJECT,
        },
      });
      expect(stdout).toContain('project demo');
      expect(stdout).toContain("name: 'GET /api/v1/organizations/{organizationID}/projects/{projectID}'");
      expect(stdout).toContain("name: 'reconcile'");
      const received = identity.server.requests.slice(before);
      expect(received).toHaveLength(1);
      const traceparents = headerValues(received[0].rawHeaders, 'traceparent');
      expect(traceparents).toHaveLength(1);
      expect(stdout).toContain(`id: '${traceparentSpanId(traceparents[0])}'`);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

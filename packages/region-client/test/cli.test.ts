import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tlsSecret } from '@unikorn-cloud/testkit';
import { runCLI, USER_FLAGS } from './support/cli';
import {
  CA_SECRET,
  CLIENT_SECRET,
  CLUSTER_API_VERSION,
  CLUSTER_KIND,
  CLUSTER_NAME,
  CREATOR,
  clusterReference,
  NAMESPACE,
  ORGANIZATION,
  PROJECT,
  REGION,
  type RegionEnvironment,
  startEnvironment,
} from './support/environment';

let env: RegionEnvironment;
let directory: string;
let kubeconfig: string;

/** The CLI signs with the default policy (RSA only, what released Go servers verify), so it gets an RSA key. */
const RSA_CLIENT_SECRET = `${CLIENT_SECRET}-rsa`;

beforeAll(async () => {
  env = await startEnvironment();
  env.kubernetes.putSecret(
    tlsSecret(NAMESPACE, RSA_CLIENT_SECRET, await env.ca.issueClient('region-cli', { keyType: 'rsa-2048' })),
  );
  directory = mkdtempSync(join(tmpdir(), 'region-cli-'));
  kubeconfig = join(directory, 'kubeconfig');
  writeFileSync(kubeconfig, env.kubeconfigYaml, { mode: 0o600 });
});

afterAll(async () => {
  await env?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

const run = runCLI;

/** The flags a deployed service would be given, plus `--kubeconfig` and the principal. */
function connection(): string[] {
  return [
    '--kubeconfig',
    kubeconfig,
    `--region-host=${env.server.url}`,
    '--region-ca-secret-namespace',
    NAMESPACE,
    '--region-ca-secret-name',
    CA_SECRET,
    '--client-certificate-namespace',
    NAMESPACE,
    '--client-certificate-name',
    RSA_CLIENT_SECRET,
    ...USER_FLAGS,
  ];
}

const clusterLocator = `${CLUSTER_API_VERSION}/${CLUSTER_KIND}/${NAMESPACE}/${CLUSTER_NAME}`;

describe('unikorn-region CLI (main) against the region API server', () => {
  it('networks list --output json prints the seeded network', async () => {
    const result = await run(['networks', 'list', '--output', 'json', ...connection()]);
    expect(result.stderr).toEqual([]);
    expect(result.code).toBe(0);
    const networks = JSON.parse(result.stdout.join('\n')) as { metadata: { id: string; name: string } }[];
    expect(networks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ metadata: expect.objectContaining({ id: env.networkID, name: 'seeded-network' }) }),
      ]),
    );
    expect(env.server.calls.at(-1)).toMatchObject({
      operationId: 'listNetworks',
      valid: true,
      signed: false,
      principal: { organizationId: ORGANIZATION, projectId: PROJECT, type: 'user', actor: CREATOR },
    });
  });

  it('networks list prints a table with a header row', async () => {
    const result = await run(['networks', 'list', ...connection()]);
    expect(result.code).toBe(0);
    const lines = result.stdout.join('\n').split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['ID', 'NAME', 'PROJECT', 'REGION', 'PREFIX', 'STATUS']);
    const row = lines.find((line) => line.startsWith(env.networkID));
    expect(row?.split(/\s+/)).toEqual([
      env.networkID,
      'seeded-network',
      PROJECT,
      REGION,
      '192.168.0.0/24',
      'provisioned',
    ]);
  });

  it('references add then remove exit 0 and change the network references', async () => {
    const networkID = env.server.addNetwork({
      organizationId: ORGANIZATION,
      projectId: PROJECT,
      regionId: REGION,
      name: 'cli-refs',
    });
    const added = await run(['references', 'add', networkID.toUpperCase(), clusterLocator, ...connection()]);
    expect(added.stderr).toEqual([]);
    expect(added.code).toBe(0);
    expect(added.stdout).toEqual([`reference added to network ${networkID}`]);
    expect(env.server.references(networkID)).toEqual([clusterReference(CLUSTER_NAME)]);
    expect(env.server.calls.at(-1)).toMatchObject({ operationId: 'addNetworkReference', signed: true, status: 201 });

    const removed = await run(['references', 'remove', networkID, clusterLocator, '--output=json', ...connection()]);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout.join(''))).toEqual({ networkID, result: 'removed' });
    expect(env.server.references(networkID)).toEqual([]);
  });

  it('a bad network ID exits 1 with exactly one stderr line and sends nothing', async () => {
    const from = env.server.requests.length;
    const result = await run(['references', 'add', 'not-a-uuid', clusterLocator, ...connection()]);
    expect(result.code).toBe(1);
    expect(result.stdout).toEqual([]);
    expect(result.stderr).toEqual(['unikorn-region: invalid UUID length: 10']);
    expect(env.server.requests.length).toBe(from);
  });

  it('a region API error exits 1 with one stderr line (unknown network → not found)', async () => {
    const result = await run(['networks', 'get', '00000000-0000-4000-8000-000000000404', ...connection()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toEqual(['unikorn-region: resource not found']);
  });

  it('an unknown flag exits 2 with one stderr line', async () => {
    const result = await run(['networks', 'list', '--no-such-flag', ...connection()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(/^unikorn-region: .*--no-such-flag/);
  });

  it('a missing --region-host exits 2 and sends nothing', async () => {
    const from = env.server.requests.length;
    const argv = connection().filter((word) => !word.startsWith('--region-host'));
    const result = await run(['networks', 'list', ...argv]);
    expect(result.code).toBe(2);
    expect(result.stderr).toEqual([
      "unikorn-region: flag was unable to be parsed: --region-host is required; run 'unikorn-region networks list --help' for usage",
    ]);
    expect(env.server.requests.length).toBe(from);
  });

  it('--help prints the usage and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.join('\n')).toMatch(/^Usage: unikorn-region/);
    expect(result.stdout.join('\n')).toContain('--region-host');
    expect(result.stdout.join('\n')).toContain('--spiffe-server-id');
  });
});

describe('unikorn-region reads like a Go cobra CLI', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-v']) {
      const result = await run([flag]);
      expect(result).toEqual({ code: 0, stdout: [`unikorn-region version ${version}`], stderr: [] });
    }
  });

  it('COMMAND --help prints that command with its own and the global flags, and sends nothing', async () => {
    const from = env.server.requests.length;
    const result = await run(['networks', 'list', '--help', ...connection()]);
    expect(result.code).toBe(0);
    const text = result.stdout.join('\n');
    expect(text).toMatch(/^Usage: unikorn-region networks list \[options\]/);
    expect(text).toContain('--organization-id <id>');
    expect(text).toMatch(/Global Options:[\s\S]*--region-host <url>/);
    expect(env.server.requests.length).toBe(from);
    const add = await run(['references', 'add', '--help']);
    expect(add.code).toBe(0);
    expect(add.stdout.join('\n')).toMatch(/^Usage: unikorn-region references add \[options\] <networkID> <resource>/);
    const help = await run(['help', 'references']);
    expect(help.code).toBe(0);
    expect(help.stdout.join('\n')).toMatch(/^Usage: unikorn-region references \[options\] \[command\]/);
  });

  it('a mistyped command is one line with a "did you mean" and a pointer to --help', async () => {
    expect(await run(['netwrks', 'list'])).toEqual({
      code: 2,
      stdout: [],
      stderr: [
        "unikorn-region: unknown command 'netwrks' (did you mean networks?); run 'unikorn-region --help' for usage",
      ],
    });
    expect((await run(['networks', 'lst'])).stderr).toEqual([
      "unikorn-region: unknown command 'lst' (did you mean list?); run 'unikorn-region networks --help' for usage",
    ]);
  });

  it('a mistyped flag is one line with a "did you mean" and a pointer to the command\'s --help', async () => {
    const result = await run(['networks', 'list', '--regin-host', env.server.url]);
    expect(result).toEqual({
      code: 2,
      stdout: [],
      stderr: [
        "unikorn-region: unknown option '--regin-host' (did you mean --region-host?); run 'unikorn-region networks list --help' for usage",
      ],
    });
  });

  it('a missing argument names it', async () => {
    expect((await run(['networks', 'get', ...connection()])).stderr).toEqual([
      "unikorn-region: missing required argument 'networkID'; run 'unikorn-region networks get --help' for usage",
    ]);
  });

  it('a missing Kubernetes object names its kind, namespace and name (not just HTTP-Code: 404)', async () => {
    const from = env.server.requests.length;
    const missing = `${CLUSTER_API_VERSION}/${CLUSTER_KIND}/${NAMESPACE}/no-such-cluster`;
    const result = await run(['references', 'add', env.networkID, missing, ...connection()]);
    expect(result).toEqual({
      code: 1,
      stdout: [],
      stderr: [
        `unikorn-region: reading ${CLUSTER_KIND} ${NAMESPACE}/no-such-cluster (${CLUSTER_API_VERSION}): not found (HTTP 404)`,
      ],
    });
    expect(env.server.requests.length).toBe(from);
  });

  it('an unreadable kubeconfig is one line naming the file', async () => {
    const argv = connection().map((word) => (word === kubeconfig ? join(directory, 'missing') : word));
    const result = await run(['networks', 'list', ...argv]);
    expect(result.code).toBe(1);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(/^unikorn-region: kubeconfig error: --kubeconfig \S*missing: ENOENT/);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tlsSecret } from '@unikorn-cloud/testkit';
import { main } from '../src/cli/main';
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

interface Run {
  readonly code: number;
  readonly stdout: string[];
  readonly stderr: string[];
}

async function run(argv: readonly string[]): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text) });
  return { code, stdout, stderr };
}

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
    '--principal-organization-id',
    ORGANIZATION,
    '--principal-project-id',
    PROJECT,
    '--principal-type',
    'user',
    '--principal-actor',
    CREATOR,
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
    expect(result.stderr).toEqual(['unikorn-region: flag was unable to be parsed: --region-host is required']);
    expect(env.server.requests.length).toBe(from);
  });

  it('--help prints the usage and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.join('\n')).toMatch(/^Usage: unikorn-region/);
    expect(result.stdout.join('\n')).toContain('--region-host');
  });
});

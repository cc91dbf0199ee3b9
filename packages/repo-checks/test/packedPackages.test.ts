import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { consumerDir, consumerProject, runNode } from './support/consumer';

const root = path.resolve(import.meta.dirname, '../../..');
const PUBLISHED = ['core-client', 'identity-client', 'region-client'];

type Manifest = {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
};
const packedManifest = (name: string): Manifest =>
  JSON.parse(readFileSync(path.join(consumerDir(), 'node_modules', '@unikorn-cloud', name, 'package.json'), 'utf8'));
const workspaceManifest = (name: string): Manifest =>
  JSON.parse(readFileSync(path.join(root, 'packages', name, 'package.json'), 'utf8'));
const tarball = (name: string) => {
  const dir = path.join(consumerDir(), 'tarballs');
  return path.join(dir, readdirSync(dir).find((file) => file.startsWith(`unikorn-cloud-${name}-`))!);
};

describe('what a tarball carries', () => {
  it('LICENSE (Apache-2.0) is at the root of the repository and in every tarball', () => {
    const license = readFileSync(path.join(root, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
    for (const name of PUBLISHED) {
      expect(execFileSync('tar', ['-tzf', tarball(name)], { encoding: 'utf8' }).split('\n')).toContain(
        'package/LICENSE',
      );
      expect(readFileSync(path.join(consumerDir(), 'node_modules', '@unikorn-cloud', name, 'LICENSE'), 'utf8')).toBe(
        license,
      );
      expect(packedManifest(name)).toMatchObject({ license: 'Apache-2.0' });
    }
  });

  it('gRPC is an optional peer of core-client only: a Secret-mode install does not get it', () => {
    for (const name of PUBLISHED) {
      const { dependencies = {} } = packedManifest(name);
      expect(Object.keys(dependencies).filter((dependency) => /^@grpc\/|^protobufjs$/.test(dependency))).toEqual([]);
    }
    expect(packedManifest('core-client')).toMatchObject({
      peerDependencies: { '@grpc/grpc-js': expect.any(String), '@grpc/proto-loader': expect.any(String) },
      peerDependenciesMeta: { '@grpc/grpc-js': { optional: true }, '@grpc/proto-loader': { optional: true } },
    });
  });

  it('@kubernetes/client-node and @opentelemetry/api are peers, never bundled dependencies', () => {
    for (const name of PUBLISHED) {
      const { dependencies = {}, peerDependencies = {} } = packedManifest(name);
      expect(dependencies['@kubernetes/client-node']).toBeUndefined();
      expect(dependencies['@opentelemetry/api']).toBeUndefined();
      expect(peerDependencies['@kubernetes/client-node']).toBeDefined();
    }
    expect(packedManifest('identity-client').peerDependencies?.['@opentelemetry/api']).toBeDefined();
    expect(packedManifest('region-client').peerDependencies?.['@opentelemetry/api']).toBeDefined();
  });

  it('every peer range starts at the version the tests run against (the pinned dev dependency)', () => {
    for (const name of PUBLISHED) {
      const { peerDependencies = {}, devDependencies = {} } = workspaceManifest(name);
      for (const [peer, range] of Object.entries(peerDependencies)) {
        expect({ peer, range, tested: devDependencies[peer] }).toEqual({
          peer,
          range,
          tested: range.replace(/^\^/, ''),
        });
        const installed = JSON.parse(
          readFileSync(path.join(root, 'packages', name, 'node_modules', peer, 'package.json'), 'utf8'),
        ) as { version: string };
        expect({ peer, installed: installed.version }).toEqual({ peer, installed: devDependencies[peer] });
      }
    }
  });
});

describe('a Secret-mode user, installed from the tarballs without gRPC', () => {
  const script = `
import { createRequire } from 'node:module';
import { KubeConfig } from '@kubernetes/client-node';
import { newHTTPClientOptions, WorkloadAPIClient } from '@unikorn-cloud/core-client';
import { Client, newOptions } from '@unikorn-cloud/region-client';

const require = createRequire(import.meta.url);
const missing = (name) => { try { require.resolve(name); return false; } catch { return true; } };
const client = new Client(new KubeConfig(), newOptions({ host: 'https://region.example' }), newHTTPClientOptions());
const result = { grpcInstalled: !missing('@grpc/grpc-js') || !missing('@grpc/proto-loader'), client: typeof client.apiClient };
try {
  await WorkloadAPIClient.create('unix:///nonexistent/agent.sock');
  result.spiffe = 'created';
} catch (error) {
  result.spiffe = { name: error.name, code: error.code, message: error.message };
}
process.stdout.write(JSON.stringify(result));
`;

  it('loads every package, and only SPIFFE mode asks for gRPC, naming the install command', () => {
    const dir = consumerProject('secret-mode', { 'package.json': '{ "type": "module" }\n', 'main.js': script });
    const result = runNode(dir, ['main.js']);
    const peers = packedManifest('core-client').peerDependencies ?? {};
    const install = ['@grpc/grpc-js', '@grpc/proto-loader'].map((name) => `${name}@${peers[name]}`).join(' ');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      grpcInstalled: false,
      client: 'function',
      spiffe: {
        name: 'GrpcDependencyError',
        code: 'ERR_SPIFFE_GRPC_MISSING',
        message: `SPIFFE mode needs the optional peer dependencies @grpc/grpc-js and @grpc/proto-loader: npm install ${install}`,
      },
    });
  });
});

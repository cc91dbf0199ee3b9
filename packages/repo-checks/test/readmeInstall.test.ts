import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

const root = path.resolve(import.meta.dirname, '../../..');
const PUBLISHED = ['core-client', 'identity-client', 'region-client'];

const read = (pkg: string) => ({
  readme: readFileSync(path.join(root, 'packages', pkg, 'README.md'), 'utf8'),
  manifest: JSON.parse(readFileSync(path.join(root, 'packages', pkg, 'package.json'), 'utf8')) as {
    name: string;
    engines: { node: string };
    peerDependencies?: Record<string, string>;
  },
});

describe('every published README starts with Install', () => {
  it.each(PUBLISHED)('%s: the first section is Install, with the npm command, peers, Node and RBAC', (pkg) => {
    const { readme, manifest } = read(pkg);
    const sections = readme.split(/^## /m).slice(1);
    expect(sections[0].split('\n')[0]).toBe('Install');
    const install = sections[0];
    const peers = manifest.peerDependencies ?? {};
    const required = Object.keys(peers).filter((peer) => !peer.startsWith('@grpc/'));
    expect(install).toContain(`npm install ${manifest.name} ${required.join(' ')}`);
    expect(manifest.engines.node).toBe('>=22.19');
    expect(install).toContain('Node.js ≥ 22.19');
    for (const [peer, range] of Object.entries(peers)) expect(install).toContain(`\`${peer}\` \`${range}\``);
    expect(install).toMatch(/Kubernetes RBAC for the service account: `get` on `secrets`/);
  });
});

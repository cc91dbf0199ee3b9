// jest globalSetup: packs the published packages once and installs the tarballs into a scratch consumer outside
// the workspace, so the tests see exactly what a user's `npm install` would (no workspace links).
//
//   <scratch>/tarballs/*.tgz                          `pnpm pack` of core-client, identity-client, region-client
//   <scratch>/node_modules/@unikorn-cloud/<name>/     each tarball, extracted
//   <scratch>/node_modules/<dependency>               the third-party dependencies and required peers the packed
//                                                     manifests name, linked to the copies this workspace installed
//                                                     from its lockfile (the versions we test), plus typescript and
//                                                     @types/node and @types/ws; optional peers (gRPC) are
//                                                     deliberately absent
//
// The scratch directory is exported as UNIKORN_PACKED_CONSUMER; globalTeardown removes it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const PUBLISHED = ['core-client', 'identity-client', 'region-client'];

const pnpm = () => {
  const execPath = process.env.npm_execpath;
  return execPath && /pnpm/.test(execPath) ? [process.execPath, [execPath]] : ['pnpm', []];
};

/** Where `name` is installed for the workspace package in `fromDir` (following pnpm's links). */
const installed = (fromDir, name) => {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(candidate)) return realpathSync(candidate);
    if (dirname(dir) === dir) throw new Error(`packed consumer: ${name} is not installed for ${fromDir}`);
  }
};

const link = (scratch, name, target) => {
  const at = join(scratch, 'node_modules', name);
  if (existsSync(at)) return;
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(target, at, 'dir');
};

export default async function packConsumer() {
  const scratch = mkdtempSync(join(tmpdir(), 'unikorn-packed-consumer-'));
  const tarballs = join(scratch, 'tarballs');
  mkdirSync(tarballs);
  const [command, prefix] = pnpm();
  for (const name of PUBLISHED) {
    execFileSync(command, [...prefix, 'pack', '--pack-destination', tarballs], {
      cwd: join(root, 'packages', name),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  for (const file of readdirSync(tarballs)) {
    const name = PUBLISHED.find((candidate) => file.startsWith(`unikorn-cloud-${candidate}-`));
    if (!name) continue;
    const target = join(scratch, 'node_modules', '@unikorn-cloud', name);
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', join(tarballs, file), '-C', target, '--strip-components=1']);
  }
  for (const name of PUBLISHED) {
    const manifest = JSON.parse(
      readFileSync(join(scratch, 'node_modules', '@unikorn-cloud', name, 'package.json'), 'utf8'),
    );
    const optional = manifest.peerDependenciesMeta ?? {};
    const wanted = [
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}).filter((peer) => !optional[peer]?.optional),
    ].filter((dependency) => !dependency.startsWith('@unikorn-cloud/'));
    for (const dependency of wanted) link(scratch, dependency, installed(join(root, 'packages', name), dependency));
  }
  // What a TypeScript user adds: the compiler, Node's types, and @types/ws, without which @kubernetes/client-node's
  // own declarations fail under skipLibCheck off (isomorphic-ws imports the untyped 'ws'; see the core README).
  link(scratch, 'typescript', installed(root, 'typescript'));
  link(scratch, '@types/node', installed(root, '@types/node'));
  link(scratch, '@types/ws', installed(join(root, 'packages', 'repo-checks'), '@types/ws'));
  process.env.UNIKORN_PACKED_CONSUMER = scratch;
}

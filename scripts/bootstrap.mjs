#!/usr/bin/env node
// Project bootstrap: runs on any Node that ships with npm (Node 20 included).
//
// 1. Picks a Node that satisfies the workspace's engines (>= 22.19). When the system Node is older,
//    it installs Node 24 from the npm registry (the `node@24` package) into `.tools/`.
// 2. Installs the pnpm version pinned in package.json's `packageManager` into `.tools/`.
// 3. Installs the workspace with a frozen lockfile, then runs the requested pnpm script with that Node
//    first on PATH.
//
// Usage: node scripts/bootstrap.mjs <pnpm script> [args...]
//   e.g. `node scripts/bootstrap.mjs check` (what `npm test` runs) or `node scripts/bootstrap.mjs demo`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');
const MIN_NODE = [22, 19, 0];
const NODE_RANGE = '^24';

function log(message) {
  process.stderr.write(`bootstrap: ${message}\n`);
}

function fail(message) {
  log(message);
  process.exit(1);
}

function versionAtLeast(version, minimum) {
  const parts = version.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < minimum.length; i++) {
    if ((parts[i] ?? 0) !== minimum[i]) return (parts[i] ?? 0) > minimum[i];
  }
  return true;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

/** Installs the tools this project pins (Node when needed, pnpm always) into `.tools/` with one npm call. */
function installTools({ needNode, pnpmVersion }) {
  mkdirSync(tools, { recursive: true });
  const dependencies = { pnpm: pnpmVersion };
  if (needNode) dependencies.node = NODE_RANGE;
  writeFileSync(join(tools, 'package.json'), `${JSON.stringify({ private: true, dependencies }, null, 2)}\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const status = run(npm, ['install', '--prefix', tools, '--no-audit', '--no-fund', '--loglevel=error']);
  if (status !== 0) fail(`npm install of ${Object.keys(dependencies).join(', ')} into .tools failed (exit ${status})`);
}

function probeVersion(binary) {
  if (!existsSync(binary)) return undefined;
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

function pinnedPnpmVersion() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const match = /^pnpm@(\d+\.\d+\.\d+)/.exec(pkg.packageManager ?? '');
  if (!match) fail('package.json has no "packageManager": "pnpm@x.y.z" entry');
  return match[1];
}

function installedPnpmVersion() {
  const manifest = join(tools, 'node_modules', 'pnpm', 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
}

/** Returns absolute paths of the Node binary and pnpm entry point to use, installing them when missing. */
function selectTools() {
  const pnpmVersion = pinnedPnpmVersion();
  const localNode = join(tools, 'node_modules', 'node', 'bin', 'node');
  const systemOk = versionAtLeast(process.version, MIN_NODE);
  const localVersion = systemOk ? undefined : probeVersion(localNode);
  const needNode = !systemOk && !(localVersion && versionAtLeast(localVersion, MIN_NODE));
  if (needNode) {
    log(
      `system Node ${process.version} is older than ${MIN_NODE.join('.')}; installing node@${NODE_RANGE} from the npm registry`,
    );
  }
  if (needNode || installedPnpmVersion() !== pnpmVersion) {
    log(`installing pnpm ${pnpmVersion} into .tools`);
    installTools({ needNode: !systemOk, pnpmVersion });
  }
  const node = systemOk ? process.execPath : localNode;
  const version = probeVersion(node);
  if (!version || !versionAtLeast(version, MIN_NODE)) fail(`no usable Node >= ${MIN_NODE.join('.')} at ${node}`);
  if (needNode) log(`using Node ${version} from ${node}`);
  return { node, pnpm: join(tools, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs') };
}

const [script = 'check', ...rest] = process.argv.slice(2);
const { node, pnpm } = selectTools();
const env = {
  ...process.env,
  PATH: [dirname(node), join(tools, 'node_modules', '.bin'), process.env.PATH].join(delimiter),
  // npm exports npm_config_* variables into scripts it runs; pnpm would warn about the npm-only ones.
  npm_config_user_agent: undefined,
  COREPACK_ENABLE_STRICT: '0',
  // A first run prints only what the user needs: no turbo telemetry notice or update notice (the tools are pinned).
  TURBO_TELEMETRY_DISABLED: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
};
for (const key of Object.keys(env)) {
  if (key.startsWith('npm_') || env[key] === undefined) delete env[key];
}

// Warnings and errors only: no progress lines, no list of installed packages.
const frozen = run(node, [pnpm, 'install', '--frozen-lockfile', '--reporter=append-only', '--loglevel=warn'], { env });
if (frozen !== 0) fail(`pnpm install failed (exit ${frozen})`);
process.exit(run(node, [pnpm, 'run', script, ...rest], { env }));

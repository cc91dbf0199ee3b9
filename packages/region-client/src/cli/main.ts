/**
 * `unikorn-region`: a small CLI over the region client. Request-driven commands run as the principal given with
 * `--principal-*` flags; reference commands run as a controller for a Kubernetes resource read through the
 * Kubernetes client, exactly like a Go controller would. With `--client-certificate-source=spiffe` the client
 * certificate is the X.509-SVID from the SPIFFE Workload API (`initSPIFFE`), as in a Go service.
 */

import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import {
  defaultDispatcherCache,
  type HTTPClientOptions,
  initSPIFFE,
  KubeconfigError,
  newHTTPClientOptions,
  ParseFlagError,
  parseGoDuration,
  type SpiffeCloser,
} from '@unikorn-cloud/core-client';
import { type Principal, type PrincipalType, withPrincipal } from '@unikorn-cloud/identity-client';
import { type Command, CommanderError } from 'commander';
import { Client, newOptions } from '../client';
import type { Image, NetworkV2Read } from '../generated';
import { parseNetworkID } from '../ids';
import { References, type ReferencingResource } from '../references';
import { parseResourceLocator } from './arguments';
import { kubernetesReadError } from './kubernetesErrors';
import { type Column, type OutputFormat, render } from './output';
import { buildProgram, commandPath, type Invocation } from './program';
import { packageVersion } from './version';

/** Where the CLI writes; replaceable in tests. */
export interface CLIStreams {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const networkColumns: Column<NetworkV2Read>[] = [
  { header: 'ID', value: (n) => n.metadata.id },
  { header: 'NAME', value: (n) => n.metadata.name },
  { header: 'PROJECT', value: (n) => n.metadata.projectId },
  { header: 'REGION', value: (n) => n.status.regionId },
  { header: 'PREFIX', value: (n) => n.status.prefix },
  { header: 'STATUS', value: (n) => n.metadata.provisioningStatus },
];

const imageColumns: Column<Image>[] = [
  { header: 'ID', value: (i) => i.metadata.id },
  { header: 'NAME', value: (i) => i.metadata.name },
  { header: 'OS', value: (i) => `${i.spec.os.distro} ${i.spec.os.version}` },
  { header: 'STATUS', value: (i) => i.status.state },
];

const principalTypes: readonly PrincipalType[] = ['user', 'service', 'system'];

function outputFormat(invocation: Invocation): OutputFormat {
  const value = invocation.flags.output ?? 'table';
  if (value !== 'json' && value !== 'table') {
    throw new ParseFlagError(`--output must be json or table, not "${value}"`);
  }
  return value;
}

function principalOf({ flags }: Invocation): Principal {
  const type = flags['principal-type'];
  if (type !== undefined && !principalTypes.includes(type as PrincipalType)) {
    throw new ParseFlagError(`--principal-type must be one of ${principalTypes.join(', ')}`);
  }
  return {
    organizationId: flags['principal-organization-id'],
    projectId: flags['principal-project-id'],
    type: type as PrincipalType | undefined,
    actor: flags['principal-actor'],
  };
}

function kubeConfig({ flags }: Invocation): KubeConfig {
  const kube = new KubeConfig();
  const path = flags.kubeconfig;
  try {
    if (path) kube.loadFromFile(path);
    else kube.loadFromDefault();
  } catch (error) {
    throw new KubeconfigError(`--kubeconfig ${path ?? '(default)'}: ${(error as Error).message.split('\n')[0]}`, {
      cause: error,
    });
  }
  return kube;
}

async function readResource(kube: KubeConfig, text: string): Promise<ReferencingResource> {
  const locator = parseResourceLocator(text);
  const { apiVersion, kind, namespace, name } = locator;
  const objects = kube.makeApiClient(KubernetesObjectApi);
  try {
    return (await objects.read({ apiVersion, kind, metadata: { namespace, name } })) as ReferencingResource;
  } catch (error) {
    throw kubernetesReadError(locator, error);
  }
}

/** SPIFFE mode: connects to the Workload API (Go `InitSPIFFE`); a no-op closer for the Secret source. */
function startCredentials(clientOptions: HTTPClientOptions, { flags }: Invocation): Promise<SpiffeCloser> {
  return initSPIFFE(clientOptions, { endpointSocket: flags['spiffe-endpoint-socket'] || undefined });
}

async function execute(invocation: Invocation, io: CLIStreams): Promise<void> {
  const format = outputFormat(invocation);
  const kube = kubeConfig(invocation);
  const options = newOptions().apply(invocation.flags);
  const clientOptions = newHTTPClientOptions().apply(invocation.flags);
  if (!options.host) throw new ParseFlagError('--region-host is required');
  const timeoutMs = parseGoDuration(invocation.flags.timeout ?? '30s');
  const principal = principalOf(invocation);
  const [first, second] = invocation.args;
  const spiffe = await startCredentials(clientOptions, invocation);
  try {
    switch (invocation.command) {
      case 'references add':
      case 'references remove': {
        const networkID = parseNetworkID(first);
        const resource = await readResource(kube, second);
        const references = new References(undefined, options, clientOptions, { kube, timeoutMs });
        const adding = invocation.command === 'references add';
        if (adding) await references.addReferenceToNetwork(networkID, resource);
        else await references.removeReferenceFromNetwork(networkID, resource);
        io.stdout(
          format === 'json'
            ? JSON.stringify({ networkID, result: adding ? 'added' : 'removed' })
            : `reference ${adding ? 'added to' : 'removed from'} network ${networkID}`,
        );
        return;
      }
      case 'networks list': {
        const api = await new Client(kube, options, clientOptions).apiClient({ timeoutMs });
        const { lists } = invocation;
        const networks = await withPrincipal(principal, () =>
          api.networks.list({
            tag: lists.tag ? [...lists.tag] : undefined,
            organizationId: lists['organization-id'] ? [...lists['organization-id']] : undefined,
            projectId: lists['project-id'] ? [...lists['project-id']] : undefined,
            regionId: lists['region-id'] ? [...lists['region-id']] : undefined,
          }),
        );
        io.stdout(render(format, networks, networkColumns));
        return;
      }
      case 'networks get': {
        const networkID = parseNetworkID(first);
        const api = await new Client(kube, options, clientOptions).apiClient({ timeoutMs });
        io.stdout(
          render(
            format,
            await withPrincipal(principal, () => api.networks.get({ networkId: networkID })),
            networkColumns,
          ),
        );
        return;
      }
      case 'images list': {
        const api = await new Client(kube, options, clientOptions).apiClient({ timeoutMs });
        io.stdout(
          render(format, await withPrincipal(principal, () => api.images.list({ regionId: first })), imageColumns),
        );
        return;
      }
      default:
        throw new ParseFlagError(`unknown command "${invocation.command}"`);
    }
  } finally {
    await spiffe.close();
  }
}

/** Commander's error text as one line: `unknown option '--x' (did you mean --y?)`. */
function commanderMessage(error: CommanderError): string {
  return error.message
    .replace(/^error: /, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => line.replace(/^\(Did you mean (.*)\?\)$/, '(did you mean $1?)').replace(/\.$/, ''))
    .join(' ');
}

/** The `--help` hint for the deepest command the words name (as far as they name one). */
function helpHint(program: Command, argv: readonly string[]): string {
  let command = program;
  for (const word of argv.filter((candidate) => !candidate.startsWith('-'))) {
    const next = command.commands.find((child) => child.name() === word);
    if (!next) break;
    command = next;
  }
  const path = commandPath(command);
  return `run 'unikorn-region${path ? ` ${path}` : ''} --help' for usage`;
}

/**
 * Runs the CLI with `argv` (without the node and script paths). Returns the process exit code: 0 on success
 * (and for `--help`, `--version`), 1 on any failure, 2 on usage errors; every failure writes one line
 * `unikorn-region: <message>` to stderr (usage errors end with a pointer to the command's `--help`).
 */
export async function main(argv: readonly string[], io: CLIStreams): Promise<number> {
  const help: string[] = [];
  const program = buildProgram({
    version: packageVersion(),
    run: (invocation) => execute(invocation, io),
    write: (text) => io.stdout(text.replace(/\n$/, '')),
    writeError: (text) => help.push(text.replace(/\n$/, '')),
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, -v / --version, help [command]
      if (error.code === 'commander.help') {
        // A command group without its subcommand (or no command at all): its help, as a usage error.
        io.stderr(help.join('\n'));
        return 2;
      }
      io.stderr(`unikorn-region: ${commanderMessage(error)}; ${helpHint(program, argv)}`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ParseFlagError) {
      io.stderr(`unikorn-region: ${message.split('\n')[0]}; ${helpHint(program, argv)}`);
      return 2;
    }
    io.stderr(`unikorn-region: ${message.split('\n')[0]}`);
    return 1;
  } finally {
    await defaultDispatcherCache.close();
  }
}

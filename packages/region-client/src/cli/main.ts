/**
 * `unikorn-region`: a small CLI over the region client. Request-driven commands run as the principal given with
 * `--principal-*` flags; reference commands run as a controller for a Kubernetes resource read through the
 * Kubernetes client, exactly like a Go controller would.
 */

import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import {
  defaultDispatcherCache,
  newHTTPClientOptions,
  ParseFlagError,
  parseGoDuration,
} from '@unikorn-cloud/core-client';
import { type Principal, type PrincipalType, withPrincipal } from '@unikorn-cloud/identity-client';
import { Client, newOptions } from '../client';
import type { image } from '../generated/models/image';
import type { networkV2Read } from '../generated/models/networkV2Read';
import { parseNetworkID } from '../ids';
import { References, type ReferencingResource } from '../references';
import { type CommandLine, parseCommandLine, parseResourceLocator } from './arguments';
import { type Column, type OutputFormat, render } from './output';

/** Where the CLI writes; replaceable in tests. */
export interface CLIStreams {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Usage text printed by `--help`. */
export const usage = `Usage: unikorn-region <command> [flags]

Commands:
  networks list                         list networks (filters: --organization-id, --project-id, --region-id, --tag)
  networks get <networkID>              show one network
  references add <networkID> <resource>     add a reference (resource: apiVersion/kind/namespace/name)
  references remove <networkID> <resource>  remove a reference
  images list <regionID>                list images of a region

Flags:
  --region-host URL                     region API base URL
  --region-ca-secret-namespace NS       namespace of the region CA Secret
  --region-ca-secret-name NAME          name of the region CA Secret (empty: system roots)
  --client-certificate-namespace NS     namespace of this client's certificate Secret
  --client-certificate-name NAME        name of this client's certificate Secret
  --client-certificate-reload-interval D  Go duration, default 24h
  --kubeconfig PATH                     kubeconfig (default: $KUBECONFIG, ~/.kube/config, in-cluster)
  --output json|table                   output format (default table)
  --timeout D                           per-request timeout, Go duration (default 30s)
  --principal-actor, --principal-organization-id, --principal-project-id, --principal-type
                                        the principal request-driven commands act for
`;

const networkColumns: Column<networkV2Read>[] = [
  { header: 'ID', value: (n) => n.metadata.id },
  { header: 'NAME', value: (n) => n.metadata.name },
  { header: 'PROJECT', value: (n) => n.metadata.projectId },
  { header: 'REGION', value: (n) => n.status.regionId },
  { header: 'PREFIX', value: (n) => n.status.prefix },
  { header: 'STATUS', value: (n) => n.metadata.provisioningStatus },
];

const imageColumns: Column<image>[] = [
  { header: 'ID', value: (i) => i.metadata.id },
  { header: 'NAME', value: (i) => i.metadata.name },
  { header: 'OS', value: (i) => `${i.spec.os.distro} ${i.spec.os.version}` },
  { header: 'STATUS', value: (i) => i.status.state },
];

const principalTypes: readonly PrincipalType[] = ['user', 'service', 'system'];

function outputFormat(line: CommandLine): OutputFormat {
  const value = line.flags.output ?? 'table';
  if (value !== 'json' && value !== 'table') {
    throw new ParseFlagError(`--output must be json or table, not "${value}"`);
  }
  return value;
}

function principalOf(line: CommandLine): Principal {
  const type = line.flags['principal-type'];
  if (type !== undefined && !principalTypes.includes(type as PrincipalType)) {
    throw new ParseFlagError(`--principal-type must be one of ${principalTypes.join(', ')}`);
  }
  return {
    organizationId: line.flags['principal-organization-id'],
    projectId: line.flags['principal-project-id'],
    type: type as PrincipalType | undefined,
    actor: line.flags['principal-actor'],
  };
}

function kubeConfig(line: CommandLine): KubeConfig {
  const kube = new KubeConfig();
  const path = line.flags.kubeconfig;
  if (path) kube.loadFromFile(path);
  else kube.loadFromDefault();
  return kube;
}

function argument(line: CommandLine, index: number, what: string): string {
  const value = line.words[index];
  if (value === undefined) throw new ParseFlagError(`missing ${what}; see --help`);
  return value;
}

async function readResource(kube: KubeConfig, locator: string): Promise<ReferencingResource> {
  const { apiVersion, kind, namespace, name } = parseResourceLocator(locator);
  const objects = kube.makeApiClient(KubernetesObjectApi);
  return (await objects.read({ apiVersion, kind, metadata: { namespace, name } })) as ReferencingResource;
}

async function execute(line: CommandLine, io: CLIStreams): Promise<void> {
  const format = outputFormat(line);
  const kube = kubeConfig(line);
  const options = newOptions().apply(line.flags);
  const clientOptions = newHTTPClientOptions().apply(line.flags);
  if (!options.host) throw new ParseFlagError('--region-host is required');
  const timeoutMs = parseGoDuration(line.flags.timeout ?? '30s');
  const [group, verb] = line.words;
  const command = `${group ?? ''} ${verb ?? ''}`.trim();

  if (group === 'references') {
    const networkID = parseNetworkID(argument(line, 2, '<networkID>'));
    const resource = await readResource(kube, argument(line, 3, '<resource>'));
    const references = new References(undefined, options, clientOptions, { kube, timeoutMs });
    if (verb === 'add') await references.addReferenceToNetwork(networkID, resource);
    else if (verb === 'remove') await references.removeReferenceFromNetwork(networkID, resource);
    else throw new ParseFlagError(`unknown command "${command}"; see --help`);
    io.stdout(
      format === 'json'
        ? JSON.stringify({ networkID, result: verb === 'add' ? 'added' : 'removed' })
        : `reference ${verb === 'add' ? 'added to' : 'removed from'} network ${networkID}`,
    );
    return;
  }

  const api = await new Client(kube, options, clientOptions).apiClient({ timeoutMs });
  await withPrincipal(principalOf(line), async () => {
    switch (command) {
      case 'networks list': {
        const { tag, ...lists } = line.lists;
        const networks = await api.networks.listNetworks(
          tag ? [...tag] : undefined,
          lists['organization-id'] ? [...lists['organization-id']] : undefined,
          lists['project-id'] ? [...lists['project-id']] : undefined,
          lists['region-id'] ? [...lists['region-id']] : undefined,
        );
        io.stdout(render(format, networks, networkColumns));
        return;
      }
      case 'networks get':
        io.stdout(
          render(
            format,
            await api.networks.getNetwork(parseNetworkID(argument(line, 2, '<networkID>'))),
            networkColumns,
          ),
        );
        return;
      case 'images list':
        io.stdout(render(format, await api.images.listImages(argument(line, 2, '<regionID>')), imageColumns));
        return;
      default:
        throw new ParseFlagError(`unknown command "${command}"; see --help`);
    }
  });
}

/**
 * Runs the CLI with `argv` (without the node and script paths). Returns the process exit code: 0 on success,
 * 1 on any failure (after writing one line `unikorn-region: <message>` to stderr), 2 on usage errors.
 */
export async function main(argv: readonly string[], io: CLIStreams): Promise<number> {
  try {
    const line = parseCommandLine(argv);
    if (line.help || line.words.length === 0) {
      io.stdout(usage);
      return line.help ? 0 : 2;
    }
    await execute(line, io);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`unikorn-region: ${message.split('\n')[0]}`);
    return error instanceof ParseFlagError ? 2 : 1;
  } finally {
    await defaultDispatcherCache.close();
  }
}

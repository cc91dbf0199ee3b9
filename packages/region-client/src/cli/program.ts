/**
 * The `unikorn-region` command tree, built with commander (a well-kept argument parser) in the shape of a Go cobra
 * CLI: persistent flags on the root (the Go flag names, so the same Helm values drive a Go or a TS service),
 * `COMMAND --help` for every command, `--version`, and "did you mean" suggestions for mistyped commands and flags.
 */

import { Command, Option } from 'commander';

/** A flag every command accepts (cobra "persistent flag"): the Go flag name and its help text. */
interface GlobalFlag {
  readonly flag: string;
  readonly value: string;
  readonly help: string;
  readonly defaultText?: string;
  readonly short?: string;
}

/** The global flags, in help order. `--region-*` and `--client-certificate-*` are the Go flag names. */
export const GLOBAL_FLAGS: readonly GlobalFlag[] = [
  { flag: 'region-host', value: 'url', help: 'region API base URL (required)' },
  { flag: 'region-ca-secret-namespace', value: 'namespace', help: 'namespace of the region CA Secret' },
  { flag: 'region-ca-secret-name', value: 'name', help: 'name of the region CA Secret (empty: system roots)' },
  { flag: 'client-certificate-source', value: 'source', help: 'secret or spiffe', defaultText: 'secret' },
  {
    flag: 'client-certificate-namespace',
    value: 'namespace',
    help: "namespace of this client's certificate Secret (secret source)",
  },
  { flag: 'client-certificate-name', value: 'name', help: "name of this client's certificate Secret (secret source)" },
  {
    flag: 'client-certificate-reload-interval',
    value: 'duration',
    help: 'how often the client certificate Secret is re-read (Go duration)',
    defaultText: '24h',
  },
  {
    flag: 'client-certificate-signing-keys',
    value: 'keys',
    help: 'keys that may sign principals: rsa (PS512, what released Go servers verify) or rsa-or-ec',
    defaultText: 'rsa (secret), rsa-or-ec (spiffe)',
  },
  { flag: 'spiffe-server-id', value: 'id', help: 'SPIFFE ID the region server must present (spiffe source)' },
  {
    flag: 'spiffe-endpoint-socket',
    value: 'address',
    help: 'SPIFFE Workload API address, unix:///path or tcp://ip:port (spiffe source)',
    defaultText: '$SPIFFE_ENDPOINT_SOCKET',
  },
  {
    flag: 'kubeconfig',
    value: 'path',
    help: 'kubeconfig file',
    defaultText: '$KUBECONFIG, ~/.kube/config, then in-cluster',
  },
  { flag: 'output', short: 'o', value: 'format', help: 'output format: table or json', defaultText: 'table' },
  { flag: 'timeout', value: 'duration', help: 'per-request timeout (Go duration)', defaultText: '30s' },
  { flag: 'principal-actor', value: 'actor', help: 'the actor request-driven commands act for' },
  { flag: 'principal-organization-id', value: 'id', help: 'the organization request-driven commands act for' },
  { flag: 'principal-project-id', value: 'id', help: 'the project request-driven commands act for' },
  { flag: 'principal-type', value: 'type', help: 'the principal type: user, service or system' },
];

/** What a command receives: its positional arguments, all flag values by Go flag name, repeatable filters. */
export interface Invocation {
  /** The command path without the program name, e.g. `networks list`. */
  readonly command: string;
  readonly args: readonly string[];
  /** Single-valued flags by name without `--` (global and the command's own). */
  readonly flags: Readonly<Record<string, string>>;
  /** Repeatable filter flags by name without `--`. */
  readonly lists: Readonly<Record<string, readonly string[]>>;
}

/** Runs one command; set by the caller of {@link buildProgram}. */
export type CommandRunner = (invocation: Invocation) => Promise<void>;

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Every option value of `command` and its parents, keyed by the long flag name without `--`. */
function flagValues(command: Command): Pick<Invocation, 'flags' | 'lists'> {
  const flags: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  for (let current: Command | null = command; current; current = current.parent) {
    const values = current.opts<Record<string, unknown>>();
    for (const option of current.options) {
      const name = option.long?.replace(/^--/, '');
      const value = values[option.attributeName()];
      if (!name || value === undefined || name === 'version' || name === 'help') continue;
      if (Array.isArray(value)) lists[name] ??= value.map(String);
      else flags[name] ??= String(value);
    }
  }
  return { flags, lists };
}

/** The command path below the program: `networks list`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

/**
 * Builds the program. Output goes to `write`/`writeError`; errors are thrown (commander's exitOverride) so the
 * caller turns them into one line and an exit code.
 */
export function buildProgram(options: {
  readonly version: string;
  readonly run: CommandRunner;
  readonly write: (text: string) => void;
  readonly writeError: (text: string) => void;
}): Command {
  const program = new Command('unikorn-region')
    .description('Work with the Unikorn region API over mutual TLS, as a Go service would.')
    .version(`unikorn-region version ${options.version}`, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'help for this command')
    .helpCommand('help [command]', 'help about any command')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({ writeOut: options.write, writeErr: options.writeError, outputError: () => undefined })
    .showSuggestionAfterError(true)
    .showHelpAfterError(false)
    .exitOverride();
  for (const { flag, short, value, help, defaultText } of GLOBAL_FLAGS) {
    program.addOption(
      new Option(
        `${short ? `-${short}, ` : ''}--${flag} <${value}>`,
        defaultText ? `${help} (default ${defaultText})` : help,
      ),
    );
  }

  const action =
    (fn?: (invocation: Invocation) => Invocation) =>
    async (...received: unknown[]) => {
      const command = received.at(-1) as Command;
      const invocation: Invocation = {
        command: commandPath(command),
        args: command.args,
        ...flagValues(command),
      };
      await options.run(fn ? fn(invocation) : invocation);
    };

  const networks = program.command('networks').description('list and show networks');
  networks
    .command('list')
    .description('list the networks the principal can see')
    .option('--organization-id <id>', 'only networks of this organization (repeatable)', collect)
    .option('--project-id <id>', 'only networks of this project (repeatable)', collect)
    .option('--region-id <id>', 'only networks in this region (repeatable)', collect)
    .option('--tag <name=value>', 'only networks with this tag (repeatable)', collect)
    .action(action());
  networks.command('get').description('show one network').argument('<networkID>', 'the network ID').action(action());

  const references = program
    .command('references')
    .description('add or remove a Kubernetes resource as a reference on a network, as its controller would');
  const resourceHelp = 'the referencing resource: apiVersion/kind/namespace/name';
  references
    .command('add')
    .description('add a reference (the principal comes from the resource, signed)')
    .argument('<networkID>', 'the network ID')
    .argument('<resource>', resourceHelp)
    .action(action());
  references
    .command('remove')
    .description('remove a reference')
    .argument('<networkID>', 'the network ID')
    .argument('<resource>', resourceHelp)
    .action(action());

  const images = program.command('images').description('list images');
  images
    .command('list')
    .description('list the images of a region')
    .argument('<regionID>', 'the region ID')
    .action(action());

  return program;
}

/** Command-line parsing for `unikorn-region`: the Go flag names plus `--kubeconfig`, `--output` and principal flags. */

import { parseArgs } from 'node:util';
import { ParseFlagError } from '@unikorn-cloud/core-client';

const stringFlags = [
  'region-host',
  'region-ca-secret-namespace',
  'region-ca-secret-name',
  'client-certificate-namespace',
  'client-certificate-name',
  'client-certificate-reload-interval',
  'client-certificate-source',
  'kubeconfig',
  'output',
  'timeout',
  'principal-actor',
  'principal-organization-id',
  'principal-project-id',
  'principal-type',
  'organization-id',
  'project-id',
  'region-id',
  'tag',
] as const;

/** Flags that may repeat (list filters). */
const repeatableFlags = new Set<string>(['organization-id', 'project-id', 'region-id', 'tag']);

/** A parsed command line. */
export interface CommandLine {
  /** Positional words: the command and its arguments, e.g. `['networks', 'get', '<id>']`. */
  readonly words: readonly string[];
  /** Single-valued flags by name without `--`. */
  readonly flags: Readonly<Record<string, string>>;
  /** Repeatable filter flags by name without `--`. */
  readonly lists: Readonly<Record<string, readonly string[]>>;
  /** `--help` was given. */
  readonly help: boolean;
}

/**
 * Parses argv (without the node and script paths).
 *
 * @throws ParseFlagError naming the unknown flag or the flag without a value.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(
          stringFlags.map((name) => [name, { type: 'string' as const, multiple: repeatableFlags.has(name) }]),
        ),
      },
    });
  } catch (error) {
    throw new ParseFlagError((error as Error).message, { cause: error });
  }
  const flags: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    if (Array.isArray(value)) lists[name] = value.map(String);
    else if (typeof value === 'string') flags[name] = value;
  }
  return { words: parsed.positionals, flags, lists, help: parsed.values.help === true };
}

/** `apiVersion/kind/namespace/name` (the apiVersion may itself contain a `/`). */
export interface ResourceLocator {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/**
 * Parses a resource given as `apiVersion/kind/namespace/name`, e.g.
 * `compute.unikorn-cloud.org/v1alpha1/ComputeCluster/default/abc` or `v1/ConfigMap/default/x`.
 *
 * @throws ParseFlagError when a part is missing.
 */
export function parseResourceLocator(text: string): ResourceLocator {
  const parts = text.split('/');
  if (parts.length < 4 || parts.some((part) => part === '')) {
    throw new ParseFlagError(`resource "${text}" is not apiVersion/kind/namespace/name`);
  }
  const [kind, namespace, name] = parts.slice(-3) as [string, string, string];
  return { apiVersion: parts.slice(0, -3).join('/'), kind, namespace, name };
}

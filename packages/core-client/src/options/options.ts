/**
 * Server endpoint options ({@link HTTPOptions}) and client credential options ({@link HTTPClientOptions}),
 * settable from Go-style flags (`--region-host=…`) or plain objects.
 */

import { ClientCredentialError, ParseFlagError } from '../errors/errors';
import { DEFAULT_SECRET_READ_TIMEOUT_MS } from '../errors/secretReadTimeoutError';
import { parseGoDuration } from './duration';
import { readFlags } from './flags';

/** Default `--client-certificate-reload-interval`: 24 hours. */
export const DEFAULT_RELOAD_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Where the client certificate comes from (`--client-certificate-source`). */
export type ClientCertificateSource = 'secret' | 'spiffe';

/** Flag names of an {@link HTTPOptions} for service `S`. */
export interface HTTPOptionsFlagNames<S extends string = string> {
  host: `--${S}-host`;
  caSecretNamespace: `--${S}-ca-secret-namespace`;
  caSecretName: `--${S}-ca-secret-name`;
}

/** Plain-object form of {@link HTTPOptions}. */
export interface HTTPOptionsInit {
  /** Base URL of the target API (scheme + host, optionally a path prefix). */
  host?: string;
  /** Namespace of the CA secret. */
  caSecretNamespace?: string;
  /** Name of the CA secret; empty means "trust the system roots". */
  caSecretName?: string;
}

/** Strips a leading `--` so keys may be given as `--name` or `name`. */
function bareFlag(key: string): string {
  return key.startsWith('--') ? key.slice(2) : key;
}

/**
 * Finds which field a plain-object key refers to: the camelCase field name or its flag name.
 * Returns undefined for unrelated keys, which are ignored.
 */
function fieldForKey<F extends string>(key: string, flags: Readonly<Record<F, string>>): F | undefined {
  for (const field of Object.keys(flags) as F[]) {
    if (key === field || bareFlag(key) === bareFlag(flags[field])) {
      return field;
    }
  }
  return undefined;
}

/** Requires a string value for a flag set through a plain object. */
function stringValue(flag: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new ParseFlagError(`invalid argument for "${flag}" flag: expected a string`);
  }
  return value;
}

/**
 * Options describing how to reach one service: its host and the Secret holding the CA that signs its
 * server certificate (Go `HTTPOptions`). The service name only prefixes the flag names.
 */
export class HTTPOptions<S extends string = string> {
  /** Base URL of the target API. */
  host = '';
  /** Namespace of the CA secret (not checked: passed straight to Kubernetes). */
  caSecretNamespace = '';
  /** Name of the CA secret; empty means system roots are used. */
  caSecretName = '';

  /**
   * @param service - Flag prefix, e.g. `region` gives `--region-host`.
   */
  constructor(readonly service: S) {}

  /** The Go flag names for this service. */
  flagNames(): HTTPOptionsFlagNames<S> {
    return {
      host: `--${this.service}-host`,
      caSecretNamespace: `--${this.service}-ca-secret-namespace`,
      caSecretName: `--${this.service}-ca-secret-name`,
    };
  }

  /**
   * Reads this service's flags from argv (`--region-host=x` or `--region-host x`); other flags are ignored.
   *
   * @throws ParseFlagError when one of these flags has no value.
   */
  parseFlags(argv: readonly string[]): this {
    const flags = this.flagNames();
    const values = readFlags(argv, Object.values(flags));
    for (const field of Object.keys(flags) as (keyof HTTPOptionsFlagNames)[]) {
      const value = values.get(flags[field]);
      if (value !== undefined) {
        this[field] = value;
      }
    }
    return this;
  }

  /**
   * Sets fields from a plain object whose keys are camelCase field names or flag names with or without
   * the leading `--` (`host`, `region-host`, `--region-host`). Undefined values and unrelated keys are ignored.
   *
   * @throws ParseFlagError when a recognised key holds a non-string value.
   */
  apply(values: HTTPOptionsInit | Readonly<Record<string, string>>): this {
    const flags = this.flagNames();
    for (const [key, value] of Object.entries(values)) {
      const field = fieldForKey(key, flags);
      if (field !== undefined && value !== undefined) {
        this[field] = stringValue(flags[field], value);
      }
    }
    return this;
  }
}

/**
 * Creates the endpoint options of a service.
 *
 * @param service - Flag prefix, e.g. `region` or `identity`.
 * @param init - Optional initial values.
 */
export function newHTTPOptions<S extends string>(service: S, init?: HTTPOptionsInit): HTTPOptions<S> {
  const options = new HTTPOptions(service);
  return init ? options.apply(init) : options;
}

/** Plain-object form of {@link HTTPClientOptions}. */
export interface HTTPClientOptionsInit {
  /** Namespace of the client certificate Secret. */
  certificateNamespace?: string;
  /** Name of the client certificate Secret. */
  certificateName?: string;
  /** Reload interval: milliseconds, or a Go duration string such as `24h`. Zero or negative disables reload. */
  reloadIntervalMs?: number | string;
  /** `secret` (default) or `spiffe`. */
  source?: string;
  /** SPIFFE ID the server must present (spiffe mode). */
  spiffeServerId?: string;
  /** Clock used by reload checks (tests). */
  now?: () => number;
  /** Bound of each Secret read in milliseconds (default 10 s). */
  secretReadTimeoutMs?: number;
  /**
   * Which private keys may sign principals (`rsa` or `rsa-or-ec`); default `rsa` for Secret-sourced credentials
   * and `rsa-or-ec` in SPIFFE mode. See {@link HTTPClientOptions.signingKeys}.
   */
  signingKeys?: string;
}

/** Flag names of {@link HTTPClientOptions}. */
export const HTTP_CLIENT_FLAG_NAMES = {
  certificateNamespace: '--client-certificate-namespace',
  certificateName: '--client-certificate-name',
  reloadIntervalMs: '--client-certificate-reload-interval',
  source: '--client-certificate-source',
  spiffeServerId: '--spiffe-server-id',
  signingKeys: '--client-certificate-signing-keys',
} as const;

type ClientFlagField = keyof typeof HTTP_CLIENT_FLAG_NAMES;

/** Parses a reload interval flag value, naming the flag (never a secret) on failure. */
function reloadIntervalValue(value: unknown): number {
  const flag = HTTP_CLIENT_FLAG_NAMES.reloadIntervalMs;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) {
      throw new ParseFlagError(`invalid argument "NaN" for "${flag}" flag`);
    }
    return value;
  }
  const text = stringValue(flag, value);
  try {
    return parseGoDuration(text);
  } catch (error) {
    const reason = error instanceof ParseFlagError ? (error.detail ?? '') : String(error);
    throw new ParseFlagError(`invalid argument ${JSON.stringify(text)} for "${flag}" flag: ${reason}`, {
      cause: error,
    });
  }
}

/**
 * Options describing the client's own certificate (Go `HTTPClientOptions`).
 */
export class HTTPClientOptions {
  /** Namespace of the client certificate Secret; empty means no client certificate. */
  certificateNamespace = '';
  /** Name of the client certificate Secret; empty means no client certificate. */
  certificateName = '';
  /** How often the client certificate is re-read, in milliseconds; zero or negative never reloads. */
  reloadIntervalMs = DEFAULT_RELOAD_INTERVAL_MS;
  /** `secret` (default) or `spiffe`; other values are rejected when a client is built. */
  source: string = 'secret';
  /** SPIFFE ID the server must present (spiffe mode only). */
  spiffeServerId = '';
  /** Clock (epoch milliseconds) used for reload checks. */
  now: () => number = Date.now;
  /** Bound of each Secret read in milliseconds (default {@link DEFAULT_SECRET_READ_TIMEOUT_MS}, 10 s). */
  secretReadTimeoutMs = DEFAULT_SECRET_READ_TIMEOUT_MS;
  /**
   * Which private keys may sign principals (`--client-certificate-signing-keys`): `rsa` signs PS512 with RSA keys
   * only (what released Go servers, core ≤ v1.19, verify), `rsa-or-ec` also signs ES256/ES384 with EC P-256/P-384
   * keys (servers on the SPIFFE line). Empty (the default) means `rsa` for Secret-sourced credentials and
   * `rsa-or-ec` in SPIFFE mode, whose servers are on the SPIFFE line. Other values are rejected when signing.
   */
  signingKeys = '';

  /** Replaces the clock used by reload checks (tests). */
  setNow(fn: () => number): this {
    this.now = fn;
    return this;
  }

  /**
   * Reads `--client-certificate-*` and `--spiffe-server-id` flags from argv; other flags are ignored.
   *
   * @throws ParseFlagError when a flag has no value or the reload interval is not a Go duration.
   */
  parseFlags(argv: readonly string[]): this {
    const values = readFlags(argv, Object.values(HTTP_CLIENT_FLAG_NAMES));
    const init: Record<string, string> = {};
    for (const field of Object.keys(HTTP_CLIENT_FLAG_NAMES) as ClientFlagField[]) {
      const value = values.get(HTTP_CLIENT_FLAG_NAMES[field]);
      if (value !== undefined) {
        init[field] = value;
      }
    }
    return this.apply(init);
  }

  /**
   * Sets fields from a plain object whose keys are camelCase field names or flag names with or without the
   * leading `--`. The reload interval accepts milliseconds (number) or a Go duration string.
   * Undefined values and unrelated keys are ignored.
   *
   * @throws ParseFlagError for a bad reload interval or a non-string value.
   */
  apply(init: HTTPClientOptionsInit | Readonly<Record<string, string>>): this {
    for (const [key, value] of Object.entries(init)) {
      if (value === undefined) {
        continue;
      }
      if (key === 'now') {
        if (typeof value !== 'function') {
          throw new ParseFlagError('invalid clock: expected a function');
        }
        this.now = value as () => number;
        continue;
      }
      const field = fieldForKey(key, HTTP_CLIENT_FLAG_NAMES);
      if (key === 'secretReadTimeoutMs') {
        if (typeof value !== 'number' || !(value > 0)) {
          throw new ParseFlagError('invalid Secret read timeout: expected a positive number of milliseconds');
        }
        this.secretReadTimeoutMs = value;
        continue;
      }
      if (field === 'reloadIntervalMs') {
        this.reloadIntervalMs = reloadIntervalValue(value);
      } else if (field !== undefined) {
        this[field] = stringValue(HTTP_CLIENT_FLAG_NAMES[field], value);
      }
    }
    return this;
  }
}

/**
 * Creates client credential options with Go's defaults (`secret` source, 24h reload interval).
 *
 * @param init - Optional initial values.
 */
export function newHTTPClientOptions(init?: HTTPClientOptionsInit): HTTPClientOptions {
  const options = new HTTPClientOptions();
  return init ? options.apply(init) : options;
}

/**
 * Validates `--client-certificate-source`: `secret` or empty → `secret`, `spiffe` → `spiffe`.
 *
 * @throws ClientCredentialError `unknown --client-certificate-source "<value>"` for anything else.
 */
export function clientCertificateSource(options: Pick<HTTPClientOptions, 'source'>): ClientCertificateSource {
  switch (options.source) {
    case '':
    case 'secret':
      return 'secret';
    case 'spiffe':
      return 'spiffe';
    default:
      throw new ClientCredentialError(`unknown --client-certificate-source ${JSON.stringify(options.source)}`);
  }
}

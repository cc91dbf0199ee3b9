/**
 * An X.509 source kept current by the Workload API (go-spiffe `workloadapi.X509Source`): the latest SVIDs and
 * trust bundles, updated live as the agent streams new responses.
 */

import type { X509Certificate } from 'node:crypto';
import { workloadEndpointAddress } from './endpointAddress';
import { WorkloadAPIClient, type WorkloadAPIClientOptions } from './workloadAPI';
import type { X509Context, X509SVID } from './x509Context';

/** Default wait for the first Workload API response. */
export const DEFAULT_SPIFFE_TIMEOUT_MS = 30_000;

/** Options of {@link X509Source.create}. */
export interface X509SourceOptions extends WorkloadAPIClientOptions {
  /** Workload API address (`unix:///path`, `unix:/path`, `tcp://ip:port`); default `$SPIFFE_ENDPOINT_SOCKET`. */
  address?: string;
  /** How long to wait for the first response; default 30 s. */
  timeoutMs?: number;
}

/** Called after each accepted update with the new context. */
export type X509SourceListener = (context: X509Context) => void;

/** A deferred first update. */
interface FirstUpdate {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * The current X509-SVID (the first of the latest response, as go-spiffe's default picker) and the trust bundles.
 * {@link X509Source.create} resolves once the first response arrived.
 */
export class X509Source {
  #context: X509Context | undefined;
  #generation = 0;
  #lastError: Error | undefined;
  #closed = false;
  #first: FirstUpdate | undefined;
  readonly #listeners = new Set<X509SourceListener>();

  private constructor(private readonly client: WorkloadAPIClient) {}

  /**
   * Connects to the Workload API and waits for the first valid X.509 response.
   *
   * @throws Error `workload endpoint socket address is not configured`, an address error, a stream error that
   *   stops watching, or `timed out after <n> ms waiting for the first X.509-SVID response[: <last error>]`.
   */
  static async create(options: X509SourceOptions = {}): Promise<X509Source> {
    const client = await WorkloadAPIClient.create(workloadEndpointAddress(options.address), options);
    const source = new X509Source(client);
    const timeoutMs = options.timeoutMs ?? DEFAULT_SPIFFE_TIMEOUT_MS;
    const first = new Promise<void>((resolve, reject) => {
      source.#first = { resolve, reject };
    });
    const timer = setTimeout(() => {
      const last = source.#lastError ? `: ${source.#lastError.message}` : '';
      source.#first?.reject(
        new Error(`timed out after ${timeoutMs} ms waiting for the first X.509-SVID response${last}`),
      );
    }, timeoutMs);
    client.watchX509Context({
      onX509ContextUpdate: (context) => source.#update(context),
      onX509ContextWatchError: (error) => {
        source.#lastError = error;
      },
      onX509ContextWatchStopped: (error) => source.#first?.reject(error),
    });
    try {
      await first;
    } catch (error) {
      source.close();
      throw error;
    } finally {
      clearTimeout(timer);
      source.#first = undefined;
    }
    return source;
  }

  /** Increments with every accepted response (1 after creation). */
  get generation(): number {
    return this.#generation;
  }

  /** The most recent stream or parse failure; cleared by the next accepted response. */
  get lastError(): Error | undefined {
    return this.#lastError;
  }

  /** Whether {@link X509Source.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** How many X.509 streams were opened (1 + reconnects). */
  get streamsOpened(): number {
    return this.client.streamsOpened;
  }

  /**
   * The default X509-SVID: the first SVID of the latest response.
   *
   * @throws Error `x509source: source is closed` after {@link X509Source.close}.
   */
  svid(): X509SVID {
    return this.#current().svids[0];
  }

  /**
   * The root CAs of a trust domain.
   *
   * @throws Error `x509bundle: no X.509 bundle for trust domain "<name>"`, or `x509source: source is closed`.
   */
  bundle(trustDomain: string): readonly X509Certificate[] {
    const bundle = this.#current().bundles.get(trustDomain);
    if (bundle === undefined) {
      throw new Error(`x509bundle: no X.509 bundle for trust domain ${JSON.stringify(trustDomain)}`);
    }
    return bundle;
  }

  /**
   * Registers a listener called after each accepted update. Listener errors are ignored.
   *
   * @returns A function removing the listener.
   */
  onUpdate(listener: X509SourceListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Drops the Workload API connection; later {@link X509Source.svid} calls fail. Idempotent. */
  close(): void {
    this.#closed = true;
    this.#listeners.clear();
    this.client.close();
  }

  #current(): X509Context {
    if (this.#closed || this.#context === undefined) {
      throw new Error('x509source: source is closed');
    }
    return this.#context;
  }

  #update(context: X509Context): void {
    if (this.#closed) {
      return;
    }
    this.#context = context;
    this.#generation++;
    this.#lastError = undefined;
    this.#first?.resolve();
    for (const listener of this.#listeners) {
      try {
        listener(context);
      } catch {
        // A listener must not break updates.
      }
    }
  }
}

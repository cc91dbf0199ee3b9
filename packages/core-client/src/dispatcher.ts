/**
 * Pooled undici dispatchers that present the current client certificate: one `Agent` per credential epoch,
 * swapped on rotation while in-flight requests finish on the old one (ECOSYSTEM §2, approach A).
 */

import type { EventEmitter } from 'node:events';
import type { KubeConfig } from '@kubernetes/client-node';
import { Agent, Dispatcher, errors } from 'undici';
import { ForwardingHandler } from './forwardingHandler';
import { resolveKubernetesClient } from './kubernetesContext';
import type { HTTPClientOptions, HTTPOptions } from './options';
import { spiffeSourceKey } from './spiffe/registry';
import { connectOptions, type TLSClientConfig, tlsClientConfig } from './tls';

/** Extra settings for the Agents of a {@link CredentialDispatcher}. */
export interface CredentialDispatcherOptions {
  /** TLS server name (SNI and certificate name check) to use instead of the request host. */
  servername?: string;
  /** Further Agent options (timeouts, keep-alive, …). `connect` and `allowH2` are always set by the dispatcher. */
  agentOptions?: Omit<Agent.Options, 'connect' | 'allowH2'>;
  /**
   * How long a request waits for a due credential reload before it goes ahead with the current credential
   * (milliseconds, default {@link DEFAULT_RELOAD_WAIT_MS}). The reload carries on in the background, so a slow or
   * hung Kubernetes API delays requests by at most this much instead of stalling them.
   */
  reloadWaitMs?: number;
}

/** Default of {@link CredentialDispatcherOptions.reloadWaitMs}. */
export const DEFAULT_RELOAD_WAIT_MS = 5_000;

/** Resolves when `work` settles or after `ms`, whichever is first; never rejects and leaves no timer behind. */
async function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([work.then(noop, noop), expired]);
  } finally {
    clearTimeout(timer);
  }
}

function noop(): void {}

/** Agent events re-emitted by the {@link CredentialDispatcher} so callers such as Pool see them. */
const FORWARDED_EVENTS = ['connect', 'disconnect', 'connectionError', 'drain'] as const;

/** Reports an error to a dispatch handler the way undici does (handler API v2). */
function failDispatch(handler: Dispatcher.DispatchHandler, error: Error): void {
  // undici itself calls onResponseError without a controller when a dispatch fails before starting.
  handler.onResponseError?.(null as unknown as Dispatcher.DispatchController, error);
}

/**
 * Forwards every callback of a request's handler and reports, once, when the request settled (ended, failed or
 * was upgraded).
 */
class SettlingHandler extends ForwardingHandler {
  #settled = false;

  constructor(
    handler: Dispatcher.DispatchHandler,
    private readonly onSettled: () => void,
  ) {
    super(handler);
  }

  #settle(): void {
    if (!this.#settled) {
      this.#settled = true;
      this.onSettled();
    }
  }

  override onRequestUpgrade(...args: Parameters<ForwardingHandler['onRequestUpgrade']>): void {
    this.#settle();
    super.onRequestUpgrade(...args);
  }

  override onResponseEnd(...args: Parameters<ForwardingHandler['onResponseEnd']>): void {
    this.#settle();
    super.onResponseEnd(...args);
  }

  override onResponseError(...args: Parameters<ForwardingHandler['onResponseError']>): void {
    this.#settle();
    super.onResponseError(...args);
  }
}

/**
 * An undici Dispatcher presenting the current client credential of a {@link TLSClientConfig}.
 *
 * Before dispatching, when the credential source is due for a reload, the request waits for that (shared)
 * reload, at most `reloadWaitMs`. When the credential epoch changed, a new Agent is built, the reference swapped, and the old Agent
 * closed gracefully, so requests already running on it finish. Without a credential source it is a plain
 * TLS 1.3 Agent.
 */
export class CredentialDispatcher extends Dispatcher {
  #agent: Agent;
  #agentEpoch: number;
  #agentsCreated = 0;
  readonly #closingAgents = new Map<Agent, Promise<void>>();
  readonly #deferred = new Set<Promise<void>>();
  #closePromise: Promise<void> | undefined;
  #destroyed = false;
  /** Requests handed to an Agent and not settled yet. */
  #inflight = 0;
  /** True from the moment the last in-flight request settled until the next event-loop turn. */
  #justIdle = false;
  readonly #onSettled = (): void => {
    this.#inflight--;
    if (this.#inflight === 0 && !this.#justIdle) {
      this.#justIdle = true;
      setImmediate(this.#clearJustIdle);
    }
  };
  readonly #clearJustIdle = (): void => {
    this.#justIdle = false;
  };

  /**
   * @param config - The TLS configuration; its credential source (if any) drives Agent rotation.
   * @param options - Server name override and extra Agent options.
   */
  constructor(
    readonly config: TLSClientConfig,
    private readonly options: CredentialDispatcherOptions = {},
  ) {
    super();
    this.#agentEpoch = config.credential?.epoch ?? 0;
    this.#agent = this.#createAgent();
  }

  /** The credential epoch the current Agent was built for. */
  get epoch(): number {
    return this.#agentEpoch;
  }

  /** Agents alive now: the current one plus any still closing gracefully. */
  get agentCount(): number {
    return 1 + this.#closingAgents.size;
  }

  /** How many Agents this dispatcher has created (1 + number of rotations seen). */
  get agentsCreated(): number {
    return this.#agentsCreated;
  }

  /** Resolves once every Agent replaced by a rotation has finished closing. */
  async retiredAgentsClosed(): Promise<void> {
    await Promise.all(this.#closingAgents.values());
  }

  /**
   * Dispatches a request to the Agent of the current credential, first waiting for a due reload.
   *
   * @returns true when the request was deferred behind a reload; otherwise the Agent's answer.
   */
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (this.#closePromise || this.#destroyed) {
      const error = this.#destroyed ? new errors.ClientDestroyedError() : new errors.ClientClosedError();
      if (!handler.onResponseError) {
        throw error;
      }
      failDispatch(handler, error);
      return true;
    }

    const source = this.config.credential;
    if (!source?.isDue()) {
      return this.#forward(options, handler);
    }

    const reloaded = settledWithin(source.refresh(), this.options.reloadWaitMs ?? DEFAULT_RELOAD_WAIT_MS);
    return this.#after(reloaded, handler, () => this.#forward(options, handler));
  }

  /**
   * Closes gracefully: waits for deferred dispatches, then for every request on every Agent.
   */
  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    this.#closePromise ??= this.#closeAll();
    if (!callback) {
      return this.#closePromise;
    }
    this.#closePromise.then(callback, callback);
  }

  /**
   * Destroys every Agent, aborting pending and running requests.
   */
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null): Promise<void>;
  override destroy(): Promise<void>;
  override destroy(errOrCallback?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
    const error = typeof errOrCallback === 'function' ? null : (errOrCallback ?? null);
    const done = typeof errOrCallback === 'function' ? errOrCallback : callback;
    this.#destroyed = true;
    const agents = [this.#agent, ...this.#closingAgents.keys()];
    const destroyed = Promise.all(agents.map((agent) => agent.destroy(error).catch(() => undefined))).then(
      () => undefined,
    );
    if (!done) {
      return destroyed;
    }
    destroyed.then(done, done);
  }

  #forward(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (this.#inflight === 0 && this.#justIdle) {
      // undici reuses a keep-alive socket only one event-loop turn after its response ended (pipelining 1); a
      // request sent right after the previous one finished would open a second connection (a new TLS handshake).
      // Sequential callers wait that turn instead and reuse the socket.
      const nextTurn = new Promise<void>((resolve) => setImmediate(resolve));
      return this.#after(nextTurn, handler, () => this.#send(options, handler));
    }
    return this.#send(options, handler);
  }

  /**
   * Dispatches later, once `wait` settled: `send` runs then, and a failure is reported to `handler`. `close()` waits
   * for every dispatch deferred this way.
   */
  #after(wait: Promise<unknown>, handler: Dispatcher.DispatchHandler, send: () => void): boolean {
    const deferred = wait
      .then(send)
      .catch((error: unknown) => {
        failDispatch(handler, error instanceof Error ? error : new Error(String(error)));
      })
      .finally(() => {
        this.#deferred.delete(deferred);
      });
    this.#deferred.add(deferred);
    return true;
  }

  #send(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.#syncAgent();
    this.#inflight++;
    return this.#agent.dispatch(options, new SettlingHandler(handler, this.#onSettled));
  }

  /** Swaps in a new Agent when the credential epoch moved; the old one closes after its requests finish. */
  #syncAgent(): void {
    const source = this.config.credential;
    if (!source || source.epoch === this.#agentEpoch || this.#destroyed) {
      return;
    }
    const retired = this.#agent;
    this.#agentEpoch = source.epoch;
    this.#agent = this.#createAgent();
    const closing = retired
      .close()
      .catch(() => undefined)
      .finally(() => {
        this.#closingAgents.delete(retired);
      });
    this.#closingAgents.set(retired, closing);
  }

  #createAgent(): Agent {
    const connect = { ...connectOptions(this.config), servername: this.options.servername };
    if (connect.servername === undefined) {
      delete connect.servername;
    }
    const agent = new Agent({ ...this.options.agentOptions, connect, allowH2: false });
    const events: EventEmitter = agent;
    for (const event of FORWARDED_EVENTS) {
      events.on(event, (...args: unknown[]) => {
        (this as EventEmitter).emit(event, ...args);
      });
    }
    this.#agentsCreated++;
    return agent;
  }

  async #closeAll(): Promise<void> {
    while (this.#deferred.size > 0) {
      await Promise.allSettled(this.#deferred);
    }
    await Promise.all([this.#agent.close(), ...this.#closingAgents.values()]);
  }
}

/** Cache key of a dispatcher: everything that decides which CA and credential it uses. */
function dispatcherKey(options: HTTPOptions, clientOptions: HTTPClientOptions): string {
  return JSON.stringify([
    options.caSecretNamespace,
    options.caSecretName,
    clientOptions.certificateNamespace,
    clientOptions.certificateName,
    clientOptions.reloadIntervalMs,
    clientOptions.source,
    clientOptions.spiffeServerId,
    spiffeSourceKey(clientOptions),
  ]);
}

/**
 * Shares one {@link CredentialDispatcher} per (KubeConfig instance, CA secret, client certificate secret,
 * reload interval, source, SPIFFE server ID and registered SPIFFE source), so building another client reads no Secret and opens no new TLS connection.
 * Concurrent callers share one setup; a failed setup is not cached.
 */
export class DispatcherCache {
  readonly #entries = new Map<KubeConfig, Map<string, Promise<CredentialDispatcher>>>();

  /**
   * @param dispatcherOptions - Options for every dispatcher this cache creates.
   */
  constructor(private readonly dispatcherOptions: CredentialDispatcherOptions = {}) {}

  /**
   * The shared dispatcher for these options, created on first use.
   *
   * @throws As {@link tlsClientConfig} (the failure is not cached).
   */
  get(kube: KubeConfig, options: HTTPOptions, clientOptions: HTTPClientOptions): Promise<CredentialDispatcher> {
    let perKube = this.#entries.get(kube);
    if (!perKube) {
      perKube = new Map();
      this.#entries.set(kube, perKube);
    }
    const key = dispatcherKey(options, clientOptions);
    const existing = perKube.get(key);
    if (existing) {
      return existing;
    }

    const entries = perKube;
    const created = tlsClientConfig(kube, options, clientOptions).then(
      (config) => new CredentialDispatcher(config, this.dispatcherOptions),
    );
    entries.set(key, created);
    created.catch(() => {
      if (entries.get(key) === created) {
        entries.delete(key);
      }
    });
    return created;
  }

  /** Forgets every cached dispatcher and closes them gracefully. */
  async close(): Promise<void> {
    const all = [...this.#entries.values()].flatMap((perKube) => [...perKube.values()]);
    this.#entries.clear();
    await Promise.allSettled(all.map(async (pending) => (await pending).close()));
  }
}

/** The process-wide dispatcher cache used by {@link httpDispatcher} by default. */
export const defaultDispatcherCache = new DispatcherCache();

/**
 * The shared dispatcher for a service's options and the client credential options.
 *
 * @param kube - Kubernetes client; undefined means the one from the current context.
 * @throws InvalidContextError when no Kubernetes client is available; otherwise as {@link tlsClientConfig}.
 */
export function httpDispatcher(
  kube: KubeConfig | undefined,
  options: HTTPOptions,
  clientOptions: HTTPClientOptions,
  cache: DispatcherCache = defaultDispatcherCache,
): Promise<CredentialDispatcher> {
  return cache.get(resolveKubernetesClient(kube), options, clientOptions);
}

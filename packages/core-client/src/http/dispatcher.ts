/**
 * Pooled undici dispatchers that present the current client certificate: one `Agent` per credential epoch,
 * swapped on rotation while in-flight requests (and requests leased to the old epoch) finish on the old one.
 */

import type { EventEmitter } from 'node:events';
import type { KubeConfig } from '@kubernetes/client-node';
import { type Agent, Dispatcher, errors } from 'undici';
import type { SourcedCredential } from '../credentials/credentialSource';
import type { SigningKeys } from '../credentials/plugin';
import { credentialCacheKey } from '../credentials/sources';
import { DEFAULT_CLOSE_TIMEOUT_MS, DispatcherCloseTimeoutError } from '../errors/closeTimeoutError';
import { resolveKubernetesClient } from '../kubernetes/kubernetesContext';
import type { HTTPClientOptions, HTTPOptions } from '../options/options';
import { connectOptions, type TLSClientConfig, tlsClientConfig } from '../tls/tlsClientConfig';
import { ConnectionRegistry } from './connectionReuse';
import { type CredentialLease, type CredentialLeaser, credentialLeaseOf, type LeaseOptions } from './credentialLease';
import { ForwardingHandler } from './forwardingHandler';
import { epochPool, type ProxyOption } from './proxy';

/** Extra settings for the Agents of a {@link CredentialDispatcher}. */
export interface CredentialDispatcherOptions {
  /** TLS server name (SNI and certificate name check) to use instead of the request host. */
  servername?: string;
  /** Further Agent options (timeouts, keep-alive, …). `connect` and `allowH2` are always set by the dispatcher. */
  agentOptions?: Omit<Agent.Options, 'connect' | 'allowH2' | 'factory'>;
  /**
   * How long requests wait for a due credential reload before they go ahead with the last good credential
   * (milliseconds, default {@link DEFAULT_RELOAD_WAIT_MS}). The wait is per reload attempt and shared: once an
   * attempt has run this long, every request goes out at once on the last good credential until it settles, so a
   * slow or hung Kubernetes API costs each request at most one bounded wait.
   */
  reloadWaitMs?: number;
  /**
   * Deadline of a graceful close in milliseconds (default {@link DEFAULT_CLOSE_TIMEOUT_MS}): requests still running
   * then are aborted with {@link DispatcherCloseTimeoutError}. Also bounds the close of the connection pool an
   * Agent retired by a rotation.
   */
  closeTimeoutMs?: number;
  /**
   * Send through an HTTP(S) proxy (CONNECT tunnel; mTLS stays end to end): `true` honours `HTTPS_PROXY` /
   * `HTTP_PROXY` / `NO_PROXY`, or give {@link ProxySettings}. Off by default (the environment is ignored).
   */
  proxy?: ProxyOption;
}

/** Options of {@link CredentialDispatcher.close}. */
export interface DispatcherCloseOptions {
  /** Deadline in milliseconds; default the dispatcher's `closeTimeoutMs`. */
  timeoutMs?: number;
}

/** Default of {@link CredentialDispatcherOptions.reloadWaitMs}. */
export const DEFAULT_RELOAD_WAIT_MS = 5_000;

function noop(): void {}

/** Resolves when `work` settles or after `ms`, whichever is first; never rejects and leaves no timer behind. */
function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, ms));
  });
  return Promise.race([work.then(noop, noop), expired]).then(() => clearTimeout(timer));
}

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
type Controller = Parameters<ForwardingHandler['onResponseEnd']>[0];
type Trailers = Parameters<ForwardingHandler['onResponseEnd']>[1];
type UpgradeHeaders = Parameters<ForwardingHandler['onRequestUpgrade']>[2];
type UpgradeSocket = Parameters<ForwardingHandler['onRequestUpgrade']>[3];

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

  // Named parameters, not `...args`: these run for every request, and a rest array per callback is garbage.
  override onRequestUpgrade(
    controller: Controller,
    statusCode: number,
    headers: UpgradeHeaders,
    socket: UpgradeSocket,
  ): void {
    this.#settle();
    super.onRequestUpgrade(controller, statusCode, headers, socket);
  }

  override onResponseEnd(controller: Controller, trailers: Trailers): void {
    this.#settle();
    super.onResponseEnd(controller, trailers);
  }

  override onResponseError(controller: Controller, error: Error): void {
    this.#settle();
    super.onResponseError(controller, error);
  }
}

/** The connection pool of one credential epoch. */
interface EpochAgent {
  readonly agent: Dispatcher;
  readonly epoch: number;
  readonly credential: SourcedCredential | undefined;
  /** The per-origin pools and connections the Agent created (`destroy()` reaches them after `Agent.close()`). */
  readonly connections: ConnectionRegistry;
  /** Leases (and dispatches being handed over) holding this Agent open. */
  holds: number;
  /** Replaced by a newer epoch, or the dispatcher is closing: closes once no hold is left. */
  retired: boolean;
  /** Set once the Agent's close started; resolves when it finished (or was cut short at the deadline). */
  closed: Promise<void> | undefined;
  readonly closedDeferred: { promise: Promise<void>; resolve: () => void };
}

/** The shared wait of one reload attempt. */
interface ReloadWait {
  readonly attempt: Promise<unknown>;
  readonly bounded: Promise<void>;
  expired: boolean;
}

/** A request deferred behind a reload wait or the socket-reuse turn. */
interface DeferredDispatch {
  readonly handler: Dispatcher.DispatchHandler;
  done: boolean;
}

class Lease implements CredentialLease {
  #released = false;

  constructor(
    readonly owner: CredentialDispatcher,
    readonly entry: EpochAgent,
    readonly signingKeys: SigningKeys,
    private readonly onRelease: (entry: EpochAgent) => void,
  ) {}

  get epoch(): number {
    return this.entry.epoch;
  }

  get credential(): SourcedCredential | undefined {
    return this.entry.credential;
  }

  get released(): boolean {
    return this.#released;
  }

  release(): void {
    if (!this.#released) {
      this.#released = true;
      this.onRelease(this.entry);
    }
  }
}

/**
 * An undici Dispatcher presenting the current client credential of a {@link TLSClientConfig}, and the one place
 * that decides which credential snapshot a request uses ({@link CredentialDispatcher.lease}).
 *
 * When the credential source is due for a reload, requests wait for that (shared) reload attempt, at most
 * `reloadWaitMs` per attempt in total. When the credential epoch changed, a new Agent is built, and the old Agent
 * closes gracefully once no lease holds it, so requests already running on it (or signed with its key) finish
 * there. Without a credential source it is a plain TLS 1.3 Agent.
 */
export class CredentialDispatcher extends Dispatcher implements CredentialLeaser {
  #current: EpochAgent;
  #agentsCreated = 0;
  /** Every Agent not closed yet (the current one and retired ones still held or closing). */
  readonly #live = new Set<EpochAgent>();
  readonly #deferred = new Set<DeferredDispatch>();
  readonly #deferredWork = new Set<Promise<void>>();
  #reloadWait: ReloadWait | undefined;
  #closePromise: Promise<void> | undefined;
  #destroyed = false;
  readonly #signingKeys: SigningKeys;
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
  readonly #release = (entry: EpochAgent): void => {
    entry.holds--;
    if (entry.retired && entry.holds === 0) {
      this.#closeAgent(entry);
    }
  };

  /**
   * @param config - The TLS configuration; its credential source (if any) drives Agent rotation.
   * @param options - Server name override, extra Agent options, reload wait and close deadline.
   */
  constructor(
    readonly config: TLSClientConfig,
    private readonly options: CredentialDispatcherOptions = {},
  ) {
    super();
    this.#signingKeys = config.signingKeys ?? 'rsa';
    this.#current = this.#createAgent(config.credential?.epoch ?? 0);
  }

  /** The credential epoch the current Agent was built for. */
  get epoch(): number {
    return this.#current.epoch;
  }

  /** Agents alive now: the current one plus any retired ones still held or closing. */
  get agentCount(): number {
    return this.#live.size;
  }

  /** How many Agents this dispatcher has created (1 + number of rotations seen). */
  get agentsCreated(): number {
    return this.#agentsCreated;
  }

  /** Whether `close()` or `destroy()` was called: no new request is accepted. */
  get closed(): boolean {
    return this.#closePromise !== undefined || this.#destroyed;
  }

  /** Resolves once every Agent replaced by a rotation has finished closing. */
  async retiredAgentsClosed(): Promise<void> {
    await Promise.all(
      [...this.#live]
        .filter((entry) => entry !== this.#current || entry.retired)
        .map((entry) => entry.closedDeferred.promise),
    );
  }

  /**
   * The credential snapshot a new request uses: first waits for a due reload (one bounded wait per reload attempt,
   * shared by every request), then pins the current epoch. Synchronous when nothing is due. The lease keeps its
   * epoch's Agent open until released; dispatches pinned to it ({@link withCredentialLease}) go to that Agent.
   *
   * @throws undici `ClientClosedError` / `ClientDestroyedError` once the dispatcher is closing or destroyed.
   */
  lease(options: LeaseOptions = {}): CredentialLease | Promise<CredentialLease> {
    this.#assertOpen();
    const gate = this.#reloadGate();
    if (gate === undefined) {
      return this.#take();
    }
    const wait = options.maxWaitMs === undefined ? gate : settledWithin(gate, options.maxWaitMs);
    return wait.then(() => {
      this.#assertOpen();
      return this.#take();
    });
  }

  /**
   * Resolves when a due reload settled or its shared wait expired; undefined when there is nothing to wait for.
   * Never rejects.
   */
  reloadSettled(): Promise<void> | undefined {
    return this.#reloadGate();
  }

  /**
   * Dispatches a request: to the Agent of its lease when it is pinned to one, otherwise to the Agent of the current
   * credential, first waiting (bounded) for a due reload.
   *
   * @returns true when the request was deferred; otherwise the Agent's answer.
   */
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const pinned = credentialLeaseOf(options);
    if (pinned instanceof Lease && pinned.owner === this && !pinned.released && !this.#destroyed) {
      return this.#forward(pinned.entry, options, handler);
    }
    if (this.closed) {
      return this.#refuse(handler);
    }
    const wait = this.#reloadGate();
    if (wait === undefined) {
      return this.#forwardCurrent(options, handler);
    }
    return this.#after(wait, handler, () => this.#forwardCurrent(options, handler));
  }

  /**
   * Closes gracefully: no new request is accepted; waits for deferred dispatches, leases and every request on every
   * Agent, at most until the deadline (`options.timeoutMs`, default the dispatcher's `closeTimeoutMs`), then aborts
   * what is still running with {@link DispatcherCloseTimeoutError}. Settles by the deadline.
   */
  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(options: DispatcherCloseOptions): Promise<void>;
  override close(arg?: (() => void) | DispatcherCloseOptions): Promise<void> | void {
    const callback = typeof arg === 'function' ? arg : undefined;
    const timeoutMs = (typeof arg === 'object' ? arg.timeoutMs : undefined) ?? this.#closeTimeoutMs();
    this.#closePromise ??= this.#closeAll(timeoutMs);
    if (!callback) {
      return this.#closePromise;
    }
    this.#closePromise.then(callback, callback);
  }

  /**
   * Destroys every Agent, aborting pending and running requests (also after `close()`, and on Agents retired by a
   * rotation).
   */
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null): Promise<void>;
  override destroy(): Promise<void>;
  override destroy(errOrCallback?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
    const error = typeof errOrCallback === 'function' ? null : (errOrCallback ?? null);
    const done = typeof errOrCallback === 'function' ? errOrCallback : callback;
    const destroyed = this.#destroyAll(error);
    if (!done) {
      return destroyed;
    }
    destroyed.then(done, done);
  }

  #closeTimeoutMs(): number {
    return this.options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
  }

  /** The error of a refused request: closed when `close()` was called (even if its deadline destroyed it). */
  #refusal(): Error {
    return this.#closePromise ? new errors.ClientClosedError() : new errors.ClientDestroyedError();
  }

  #assertOpen(): void {
    if (this.closed) throw this.#refusal();
  }

  #refuse(handler: Dispatcher.DispatchHandler): boolean {
    const error = this.#refusal();
    if (!handler.onResponseError) {
      throw error;
    }
    failDispatch(handler, error);
    return true;
  }

  /** The shared, bounded wait of the reload attempt in flight (undefined: go at once). */
  #reloadGate(): Promise<void> | undefined {
    const source = this.config.credential;
    if (!source?.isDue()) {
      return undefined;
    }
    const attempt = source.refresh();
    let wait = this.#reloadWait;
    if (wait === undefined || wait.attempt !== attempt) {
      const waitMs = Math.max(0, this.options.reloadWaitMs ?? DEFAULT_RELOAD_WAIT_MS);
      const created: ReloadWait = {
        attempt,
        expired: false,
        bounded: settledWithin(attempt, waitMs).then(() => {
          created.expired = true;
        }),
      };
      attempt.then(noop, noop).finally(() => {
        if (this.#reloadWait === created) this.#reloadWait = undefined;
      });
      this.#reloadWait = wait = created;
    }
    return wait.expired ? undefined : wait.bounded;
  }

  #take(): Lease {
    this.#syncAgent();
    const entry = this.#current;
    entry.holds++;
    return new Lease(this, entry, this.#signingKeys, this.#release);
  }

  #forwardCurrent(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (this.closed) {
      return this.#refuse(handler);
    }
    this.#syncAgent();
    return this.#forward(this.#current, options, handler);
  }

  /**
   * Sends on `entry`, holding it open meanwhile. A sequential caller (nothing in flight, the last request settled
   * this turn) is handed to a connected idle connection directly, so it reuses the socket instead of the pool opening
   * a second connection (see ./connectionReuse); where the connections are not known (behind a proxy agent), it
   * waits that turn instead.
   */
  #forward(entry: EpochAgent, options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    entry.holds++;
    let target: Dispatcher = entry.agent;
    if (this.#inflight === 0 && this.#justIdle) {
      const origin = options.origin ?? '';
      const idle = entry.connections.idleConnection(origin);
      if (idle !== undefined) {
        target = idle;
      } else if (!entry.connections.knows(origin)) {
        const nextTurn = new Promise<void>((resolve) => setImmediate(resolve));
        return this.#after(
          nextTurn,
          handler,
          () => this.#send(entry, options, handler),
          () => this.#release(entry),
        );
      }
    }
    try {
      return this.#send(entry, options, handler, target);
    } finally {
      this.#release(entry);
    }
  }

  #send(
    entry: EpochAgent,
    options: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler,
    target: Dispatcher = entry.agent,
  ): boolean {
    if (this.#destroyed) {
      return this.#refuse(handler);
    }
    this.#inflight++;
    return target.dispatch(options, new SettlingHandler(handler, this.#onSettled));
  }

  /**
   * Dispatches later, once `wait` settled: `send` runs then (unless `destroy()` failed the request meanwhile), and a
   * failure is reported to `handler`; `cleanup` runs in every case. `close()` waits for every deferred dispatch.
   */
  #after(wait: Promise<unknown>, handler: Dispatcher.DispatchHandler, send: () => void, cleanup = noop): boolean {
    const deferred: DeferredDispatch = { handler, done: false };
    this.#deferred.add(deferred);
    const work = wait
      .then(() => {
        if (!deferred.done) send();
      })
      .catch((error: unknown) => {
        if (!deferred.done) failDispatch(handler, error instanceof Error ? error : new Error(String(error)));
      })
      .finally(() => {
        deferred.done = true;
        this.#deferred.delete(deferred);
        this.#deferredWork.delete(work);
        cleanup();
      });
    this.#deferredWork.add(work);
    return true;
  }

  /** Swaps in a new Agent when the credential epoch moved; the old one closes once no lease holds it. */
  #syncAgent(): void {
    const source = this.config.credential;
    if (!source || source.epoch === this.#current.epoch || this.#destroyed) {
      return;
    }
    const retired = this.#current;
    this.#current = this.#createAgent(source.epoch);
    this.#retire(retired);
  }

  #retire(entry: EpochAgent): void {
    entry.retired = true;
    if (entry.holds === 0) {
      this.#closeAgent(entry);
    }
  }

  /** Closes an Agent gracefully, aborting what still runs on it at the close deadline. */
  #closeAgent(entry: EpochAgent, timeoutMs = this.#closeTimeoutMs()): void {
    if (entry.closed) return;
    const deadline = setTimeout(() => {
      this.#destroyAgent(entry, new DispatcherCloseTimeoutError(timeoutMs));
    }, timeoutMs);
    entry.closed = entry.agent
      .close()
      .catch(noop)
      .finally(() => {
        clearTimeout(deadline);
        this.#live.delete(entry);
        entry.closedDeferred.resolve();
      });
  }

  #destroyAgent(entry: EpochAgent, error: Error | null): Promise<void> {
    const pools = [...entry.connections.pools].map((pool) => pool.destroy(error).catch(noop));
    return Promise.all([entry.agent.destroy(error).catch(noop), ...pools]).then(() => {
      this.#live.delete(entry);
      entry.closedDeferred.resolve();
    });
  }

  #createAgent(epoch: number): EpochAgent {
    const connect = { ...connectOptions(this.config), servername: this.options.servername };
    if (connect.servername === undefined) {
      delete connect.servername;
    }
    const connections = new ConnectionRegistry();
    const agent = epochPool(
      { ...this.options.agentOptions, connect, allowH2: false, factory: connections.factory },
      this.options.proxy,
    );
    const events: EventEmitter = agent;
    for (const event of FORWARDED_EVENTS) {
      events.on(event, (...args: unknown[]) => {
        (this as EventEmitter).emit(event, ...args);
      });
    }
    this.#agentsCreated++;
    let resolve: () => void = noop;
    const promise = new Promise<void>((done) => {
      resolve = done;
    });
    const entry: EpochAgent = {
      agent,
      epoch,
      credential: this.config.credential?.current(),
      connections,
      holds: 0,
      retired: false,
      closed: undefined,
      closedDeferred: { promise, resolve },
    };
    this.#live.add(entry);
    return entry;
  }

  async #closeAll(timeoutMs: number): Promise<void> {
    let deadline: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      deadline = setTimeout(() => resolve('expired'), timeoutMs);
    });
    const graceful = (async () => {
      while (this.#deferredWork.size > 0) {
        await Promise.allSettled(this.#deferredWork);
      }
      for (const entry of this.#live) {
        entry.retired = true;
        if (entry.holds === 0) this.#closeAgent(entry, timeoutMs);
      }
      await Promise.all([...this.#live].map((entry) => entry.closedDeferred.promise));
    })();
    try {
      if ((await Promise.race([graceful, expired])) === 'expired') {
        await this.#destroyAll(new DispatcherCloseTimeoutError(timeoutMs));
      }
    } finally {
      clearTimeout(deadline);
    }
  }

  async #destroyAll(error: Error | null): Promise<void> {
    this.#destroyed = true;
    const reason = error ?? new errors.ClientDestroyedError();
    for (const deferred of this.#deferred) {
      if (!deferred.done) {
        deferred.done = true;
        failDispatch(deferred.handler, reason);
      }
    }
    await Promise.all([...this.#live].map((entry) => this.#destroyAgent(entry, error)));
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
    clientOptions.signingKeys,
    clientOptions.secretReadTimeoutMs,
    credentialCacheKey(clientOptions),
  ]);
}

/**
 * Shares one {@link CredentialDispatcher} per (KubeConfig instance, CA secret, client certificate secret,
 * reload interval, source, SPIFFE server ID and registered SPIFFE source), so building another client reads no Secret and opens no new TLS connection.
 * Concurrent callers share one setup; a failed setup is not cached.
 */
export class DispatcherCache {
  readonly #entries = new Map<KubeConfig, Map<string, CacheEntry>>();

  /**
   * @param dispatcherOptions - Options for every dispatcher this cache creates.
   */
  constructor(private readonly dispatcherOptions: CredentialDispatcherOptions = {}) {}

  /**
   * The shared dispatcher for these options, created on first use. A cached dispatcher that was closed or
   * destroyed (for example by a caller's `close()`) is evicted: the next caller gets a fresh one.
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
    if (existing && existing.dispatcher?.closed !== true) {
      return existing.pending;
    }

    const entries = perKube;
    const entry: CacheEntry = {
      pending: tlsClientConfig(kube, options, clientOptions).then((config) => {
        entry.dispatcher = new CredentialDispatcher(config, this.dispatcherOptions);
        return entry.dispatcher;
      }),
      dispatcher: undefined,
    };
    entries.set(key, entry);
    entry.pending.catch(() => {
      if (entries.get(key) === entry) {
        entries.delete(key);
      }
    });
    return entry.pending;
  }

  /** Forgets every cached dispatcher and closes them gracefully, each by the deadline given (or its own). */
  async close(options: DispatcherCloseOptions = {}): Promise<void> {
    const all = [...this.#entries.values()].flatMap((perKube) => [...perKube.values()]);
    this.#entries.clear();
    await Promise.allSettled(all.map(async (entry) => (await entry.pending).close(options)));
  }
}

/** One cached dispatcher: its setup, and the dispatcher once built. */
interface CacheEntry {
  readonly pending: Promise<CredentialDispatcher>;
  dispatcher: CredentialDispatcher | undefined;
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

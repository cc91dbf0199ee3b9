/**
 * Main-thread side of the server worker: starts it and talks to it with small request/response messages.
 */

import { Worker } from 'node:worker_threads';
import type { NetworkSeed, ProjectSeed } from '@unikorn-cloud/testkit-api';
import type { LastRequest, ServerRequest, ServerResponse, ServerStartData, ServerStats } from './protocol.ts';

interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly response?: ServerResponse;
  readonly error?: string;
}

interface Ready {
  readonly ready: true;
  readonly cheapUrl: string;
  readonly regionUrl: string | undefined;
  readonly identityUrl: string | undefined;
}

/** The loopback servers running in a worker thread. */
export class ServerHandle {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: ServerResponse): void; reject(e: Error): void }>();

  private readonly worker: Worker;
  /** URL of the cheap MTLSServer (`[]` for GET, 201 for PUT, 204 for DELETE). */
  readonly cheapUrl: string;
  /** URL of the testkit-api RegionAPIServer, when started. */
  readonly regionUrl: string | undefined;
  /** URL of the testkit-api IdentityAPIServer, when started. */
  readonly identityUrl: string | undefined;

  private constructor(worker: Worker, ready: Ready) {
    this.worker = worker;
    this.cheapUrl = ready.cheapUrl;
    this.regionUrl = ready.regionUrl;
    this.identityUrl = ready.identityUrl;
    worker.on('message', (message: Reply) => {
      const waiter = this.pending.get(message.id);
      if (waiter === undefined) return;
      this.pending.delete(message.id);
      if (message.ok && message.response !== undefined) waiter.resolve(message.response);
      else waiter.reject(new Error(`server worker: ${message.error ?? 'no answer'}`));
    });
  }

  /** Starts the worker and waits until its servers listen. */
  static start(data: ServerStartData): Promise<ServerHandle> {
    const worker = new Worker(new URL('./serverWorker.ts', import.meta.url), { workerData: data });
    return new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (message: Ready) => {
        worker.off('error', reject);
        resolve(new ServerHandle(worker, message));
      });
    });
  }

  private call(request: ServerRequest): Promise<ServerResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  /** Handshake and socket counters of the servers. */
  async stats(): Promise<{ cheap: ServerStats; region: ServerStats | undefined; identity: ServerStats | undefined }> {
    const response = await this.call({ kind: 'stats' });
    if (response.kind !== 'stats') throw new Error('unexpected answer');
    return response;
  }

  /** The most recent request the cheap server answered (to check what a subject really sends). */
  async lastRequest(): Promise<LastRequest> {
    const response = await this.call({ kind: 'lastRequest' });
    if (response.kind !== 'lastRequest') throw new Error('unexpected answer');
    return response;
  }

  /** Adds a network to the region server; returns its id. */
  async addNetwork(seed: NetworkSeed): Promise<string> {
    const response = await this.call({ kind: 'addNetwork', seed });
    if (response.kind !== 'network') throw new Error('unexpected answer');
    return response.id;
  }

  /** Adds a project (and its organization) to the identity server; returns its id. */
  async addProject(seed: ProjectSeed): Promise<string> {
    const response = await this.call({ kind: 'addProject', seed });
    if (response.kind !== 'project') throw new Error('unexpected answer');
    return response.id;
  }

  /** Closes the servers and ends the worker. */
  async close(): Promise<void> {
    await this.call({ kind: 'close' });
    await this.worker.terminate();
  }
}

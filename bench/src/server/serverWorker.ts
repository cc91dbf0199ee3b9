/**
 * Worker thread running the loopback mTLS servers, so the server uses the second core and the main thread's
 * CPU, heap and handles belong to the client alone. Answers RPC messages from {@link ServerHandle}.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { MTLSServer, type RequestHandler } from '@unikorn-cloud/testkit';
import { IdentityAPIServer, RegionAPIServer } from '@unikorn-cloud/testkit-api';
import type { ServerRequest, ServerResponse, ServerStartData, ServerStats } from './protocol.ts';

const data = workerData as ServerStartData;
const port = parentPort;
if (port === null) throw new Error('serverWorker must run in a worker thread');

const emptyList = '[]';
// Longer than any measured segment, so connections idle while the other side runs are not closed and reopened.
const keepAliveTimeoutMs = 120_000;
const jsonHeaders = { 'content-type': 'application/json' };

let lastRequest: { method: string; rawPath: string; rawHeaders: [string, string][] } | undefined;

/** The cheap server: a small JSON body for GETs, 201/204 for reference PUT/DELETE, immediately. */
const cheapHandler: RequestHandler = (request) => {
  lastRequest = {
    method: request.method,
    rawPath: request.rawPath,
    rawHeaders: request.rawHeaders.map(([n, v]) => [n, v]),
  };
  if (request.method === 'PUT') return { status: 201 };
  if (request.method === 'DELETE') return { status: 204 };
  return { status: 200, headers: jsonHeaders, body: emptyList };
};

/** Starts a contract server of the worker when its contract was given. */
function startServer<T>(
  Server: { start(options: Parameters<typeof RegionAPIServer.start>[0]): Promise<T> },
  contract: { readonly contractPath: string } | undefined,
): Promise<T | undefined> {
  if (contract === undefined) return Promise.resolve(undefined);
  return Server.start({
    ca: data.caPem,
    certificate: data.certificate,
    contract: contract.contractPath,
    keepAliveTimeoutMs,
  });
}

const cheap = await MTLSServer.start({
  ca: data.caPem,
  certificate: data.certificate,
  minVersion: 'TLSv1.3',
  handler: cheapHandler,
  keepAliveTimeoutMs,
});
const region = await startServer(RegionAPIServer, data.region);
const identity = await startServer(IdentityAPIServer, data.identity);

// The servers record every request; forget them regularly so the worker's memory stays flat.
const forget = setInterval(() => {
  cheap.clearRequests();
  region?.clearCalls();
  identity?.clearCalls();
}, 200);

function stats(server: MTLSServer): ServerStats {
  const cpu = process.threadCpuUsage();
  return {
    handshakes: server.handshakes,
    openSockets: server.openSockets,
    tlsErrors: server.tlsErrors.length,
    threadCpuUs: cpu.user + cpu.system,
  };
}

function answer(message: ServerRequest): ServerResponse {
  switch (message.kind) {
    case 'stats':
      return {
        kind: 'stats',
        cheap: stats(cheap),
        region: region === undefined ? undefined : stats(region.mtls),
        identity: identity === undefined ? undefined : stats(identity.mtls),
      };
    case 'lastRequest':
      if (lastRequest === undefined) throw new Error('no request yet');
      return { kind: 'lastRequest', ...lastRequest };
    case 'addNetwork':
      if (region === undefined) throw new Error('no region server');
      return { kind: 'network', id: region.addNetwork(message.seed) };
    case 'addProject':
      if (identity === undefined) throw new Error('no identity server');
      return { kind: 'project', id: identity.addProject(message.seed) };
    case 'close':
      return { kind: 'closed' };
  }
}

port.on('message', async (message: ServerRequest & { id: number }) => {
  try {
    const response = answer(message);
    if (message.kind === 'close') {
      clearInterval(forget);
      await Promise.all([cheap.close(), region?.close(), identity?.close()]);
    }
    port.postMessage({ id: message.id, ok: true, response });
  } catch (error) {
    port.postMessage({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});

port.postMessage({ ready: true, cheapUrl: cheap.url, regionUrl: region?.url, identityUrl: identity?.url });

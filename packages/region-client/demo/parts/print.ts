// Printing for the demo: each step shows what was sent and received. Keys are never printed; signed principals
// are shortened.
import { APIError, UnikornError } from '@unikorn-cloud/core-client';
import type { FakeKubernetesAPI, RecordedRequest } from '@unikorn-cloud/testkit';
import type { APICall } from '@unikorn-cloud/testkit-api';

/** A contract server as the demo reads it: raw requests and the calls it answered, in the same order. */
export interface RecordingServer {
  readonly requests: readonly RecordedRequest[];
  readonly calls: readonly APICall[];
}

const SHOWN_HEADERS = new Set([
  'traceparent',
  'unikorn-client-certificate',
  'x-principal',
  'x-impersonate',
  'authorization',
  'content-type',
]);

/** Writes one line. */
export const line = (text = '') => process.stdout.write(`${text}\n`);

function shorten(value: string): string {
  // A signed principal is a JWS: show the header and the start of the payload, never the whole token.
  return value.split('.').length === 3 ? `${value.slice(0, 40)}… (JWS, ${value.length} chars)` : value;
}

/** Where each server's and the Kubernetes API's request logs stood before a step. */
export interface Marks {
  readonly servers: readonly number[];
  readonly kubernetes: number;
}

function showServerExchange(server: RecordingServer, from: number): void {
  for (const [index, request] of server.requests.slice(from).entries()) {
    const call = server.calls[from + index];
    line(`   → ${request.method} ${request.rawPath}`);
    for (const [name, value] of request.rawHeaders) {
      if (SHOWN_HEADERS.has(name.toLowerCase())) line(`     ${name}: ${shorten(value)}`);
    }
    if (request.body !== '') line(`     body: ${request.body}`);
    line(`     (client certificate presented: CN=${request.clientCertificate?.commonName ?? 'none'})`);
    if (call?.principal) {
      line(
        `     server decoded principal (${call.signed ? 'signed JWS, verified' : 'unsigned'}): ${JSON.stringify(call.principal)}`,
      );
    }
    line(`   ← ${call?.status ?? '?'}${call?.error ? ` ${call.error}` : ''}`);
  }
}

function showKubernetesExchange(kubernetes: FakeKubernetesAPI, from: number): void {
  for (const request of kubernetes.requests.slice(from)) {
    // Discovery and Secret reads are plumbing; show the object reads and writes a controller makes.
    if (!/\/namespaces\/[^/]+\/[^/?]+/.test(request.path) || request.path.includes('/secrets')) continue;
    line(`   → Kubernetes ${request.method} ${request.path}`);
  }
}

/**
 * Runs one step: prints the title, runs `action`, prints every request the servers and the Kubernetes API received
 * meanwhile, then the result. A Unikorn error is returned (and printed) instead of thrown.
 */
export async function step<T>(
  title: string,
  servers: readonly RecordingServer[],
  kubernetes: FakeKubernetesAPI,
  action: () => Promise<T>,
): Promise<T | UnikornError> {
  line();
  line(title);
  const marks: Marks = {
    servers: servers.map((server) => server.requests.length),
    kubernetes: kubernetes.requests.length,
  };
  let result: T | UnikornError;
  try {
    result = await action();
  } catch (error) {
    if (!(error instanceof UnikornError)) throw error;
    result = error;
  }
  showKubernetesExchange(kubernetes, marks.kubernetes);
  for (const [index, server] of servers.entries()) showServerExchange(server, marks.servers[index]);
  if (result instanceof APIError)
    line(`   result: ${result.name} status=${result.status} error=${result.errorCode} "${result.description}"`);
  else if (result instanceof UnikornError) line(`   result: ${result.name} "${result.message}"`);
  return result;
}

/** Collects unexpected results; the demo exits 1 when there was any. */
export class Expectations {
  failed = false;

  /** Records (and prints) `what` when `ok` is false. */
  expect(ok: boolean, what: string): void {
    if (!ok) {
      this.failed = true;
      line(`   UNEXPECTED: ${what}`);
    }
  }
}

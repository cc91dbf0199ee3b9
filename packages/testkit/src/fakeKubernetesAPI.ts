import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  defaultResources,
  groupVersionOf,
  parseAPIVersion,
  type RegisteredResource,
  type ResourceDefinition,
  ResourceRegistry,
} from './apiResources';
import { CertificateAuthority } from './certificateAuthority';
import { delay, readBodyText, sendJSON } from './httpBody';
import { buildKubeconfigOptions, buildKubeconfigYaml, type KubeconfigOptions } from './kubeconfig';
import { failureStatus, type KubernetesStatus, statusReason, successStatus } from './kubernetesStatus';
import { type KubernetesObjectLike, ObjectStore, type StoredObject, type UpdateResult } from './objectStore';
import { applyJSONPatch, applyMergePatch, PatchError } from './patches';
import { parseFieldSelector, parseLabelSelector, SelectorError } from './selectors';

/** One request the fake API server received. */
export interface RecordedAPIRequest {
  readonly method: string;
  /** The request target exactly as sent (path and query). */
  readonly path: string;
  /** Lowercased header names. */
  readonly headers: IncomingHttpHeaders;
  /** Body text ('' when none). */
  readonly body: string;
}

/**
 * What a fault hook decides for a request: `undefined` handles it normally, `'reset'` destroys the socket,
 * `{ delayMs }` waits and then handles it normally, `{ status, body?, headers?, delayMs? }` answers with that status
 * instead (body: string sent as is, anything else as JSON; default a Kubernetes Status object).
 */
export type FaultResult =
  | undefined
  | 'reset'
  | { readonly delayMs: number }
  | {
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
      readonly delayMs?: number;
    };

/** A hook run on every request (after it is recorded, before authentication and normal handling). */
export type FaultHook = (request: RecordedAPIRequest) => FaultResult | Promise<FaultResult>;

/** Options for {@link FakeKubernetesAPI.start}. */
export interface FakeKubernetesAPIOptions {
  /** CA issuing the server certificate. Default a fresh EC P-256 CA. */
  readonly ca?: CertificateAuthority;
  /** Bearer token of the kubeconfig user. Default `testkit-token`. */
  readonly token?: string;
  /** When true (default) requests without `Authorization: Bearer <token>` get 401. */
  readonly requireToken?: boolean;
  /** Namespace of the kubeconfig context. Default `default`. */
  readonly namespace?: string;
}

interface ResourceRoute {
  readonly resource: RegisteredResource;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
}

type Route =
  | { readonly type: 'document'; readonly body: object }
  | { readonly type: 'resource'; readonly route: ResourceRoute }
  | { readonly type: 'unknown' };

type ParsedObject = { ok: true; object: KubernetesObjectLike } | { ok: false; status: KubernetesStatus };

function invalid(code: number, message: string, reason: string): ParsedObject {
  return { ok: false, status: failureStatus(code, message, reason) };
}

const notFoundPath = () => failureStatus(404, 'the server could not find the requested resource', 'NotFound', {});

function resourceLabel(resource: RegisteredResource): string {
  return resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`;
}

function statusDetails(resource: RegisteredResource, name: string, uid?: string) {
  return {
    name,
    ...(resource.group === '' ? {} : { group: resource.group }),
    kind: resource.plural,
    ...(uid === undefined ? {} : { uid }),
  };
}

function notFoundStatus(resource: RegisteredResource, name: string): KubernetesStatus {
  return failureStatus(
    404,
    `${resourceLabel(resource)} "${name}" not found`,
    'NotFound',
    statusDetails(resource, name),
  );
}

function requireNamespace(object: KubernetesObjectLike, what: string): string {
  const namespace = object.metadata?.namespace;
  if (namespace === undefined || namespace === '') throw new Error(`${what} needs metadata.namespace`);
  return namespace;
}

/**
 * A fake Kubernetes API server over HTTPS on 127.0.0.1 with an in-memory object store, enough for
 * `@kubernetes/client-node` 2.x: Secrets (and any registered resource) with get, list (label and field selectors),
 * create, update (resourceVersion conflicts), merge and JSON patch, and delete blocked by finalizers (the object gets a
 * deletionTimestamp and goes once an update clears its finalizers), Kubernetes-shaped Status errors, and discovery
 * (`/api`, `/api/v1`, `/apis`, `/apis/<group>[/<version>]`).
 *
 * ```ts
 * const api = await FakeKubernetesAPI.start();
 * const kc = new KubeConfig();
 * kc.loadFromString(api.kubeconfigYaml());
 * api.putSecret(tlsSecret('ns', 'name', issued));
 * ```
 *
 * testkit does not depend on `@kubernetes/client-node`; callers build their own `KubeConfig` from
 * {@link FakeKubernetesAPI.kubeconfigYaml} or {@link FakeKubernetesAPI.kubeconfigOptions}.
 */
export class FakeKubernetesAPI {
  /** Every request received, in arrival order. */
  readonly requests: RecordedAPIRequest[] = [];
  /** The CA that issued the server certificate. */
  readonly ca: CertificateAuthority;
  /** The bearer token of the kubeconfig user. */
  readonly token: string;
  /** The namespace of the kubeconfig context. */
  readonly namespace: string;

  private readonly registry = new ResourceRegistry();
  private readonly store = new ObjectStore();
  private readonly secretReads = new Map<string, number>();
  private readonly requireToken: boolean;
  private fault: FaultHook | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    options: FakeKubernetesAPIOptions,
    ca: CertificateAuthority,
  ) {
    this.ca = ca;
    this.token = options.token ?? 'testkit-token';
    this.namespace = options.namespace ?? 'default';
    this.requireToken = options.requireToken ?? true;
    for (const definition of defaultResources) this.registry.register(definition);
  }

  /** Starts a server on 127.0.0.1 with an ephemeral port. */
  static async start(options: FakeKubernetesAPIOptions = {}): Promise<FakeKubernetesAPI> {
    const ca = options.ca ?? (await CertificateAuthority.create({ commonName: 'testkit-kubernetes-ca' }));
    const serving = await ca.issueServer();
    const server = createServer({ key: serving.privateKeyPem, cert: serving.chainPem, minVersion: 'TLSv1.2' });
    const api = new FakeKubernetesAPI(server, options, ca);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      api.handle(request, response).catch((error: unknown) => {
        sendJSON(
          response,
          500,
          failureStatus(500, `testkit: ${error instanceof Error ? error.message : String(error)}`),
        );
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return api;
  }

  /** The listening port. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `https://127.0.0.1:<port>`. */
  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** PEM of the CA that issued the server certificate. */
  get caPem(): string {
    return this.ca.certificatePem;
  }

  /**
   * An ordinary kubeconfig YAML for this server: cluster `https://127.0.0.1:<port>` with certificate-authority-data
   * and `tls-server-name: localhost`, user token, context namespace. Use `kc.loadFromString(api.kubeconfigYaml())`.
   */
  kubeconfigYaml(): string {
    return buildKubeconfigYaml(this.kubeconfigParameters());
  }

  /** The same configuration as a plain object for `kc.loadFromOptions(api.kubeconfigOptions())`. */
  kubeconfigOptions(): KubeconfigOptions {
    return buildKubeconfigOptions(this.kubeconfigParameters());
  }

  /** Registers a resource type for discovery and the generic object routes (`namespaced` defaults to true). */
  registerResource(definition: ResourceDefinition): void {
    this.registry.register(definition);
  }

  /** Creates or replaces a Secret (namespace from `metadata.namespace`); returns the stored copy. */
  putSecret<T extends KubernetesObjectLike>(secret: T): StoredObject {
    return this.store.put(this.secrets(), requireNamespace(secret, 'putSecret'), secret);
  }

  /** A copy of a stored Secret, or undefined. */
  getSecret(namespace: string, name: string): StoredObject | undefined {
    return this.store.get(this.secrets(), namespace, name);
  }

  /** Deletes a Secret; false when it did not exist. */
  deleteSecret(namespace: string, name: string): boolean {
    return this.store.delete(this.secrets(), namespace, name) !== undefined;
  }

  /** Creates or replaces an object of a registered kind (by `apiVersion` and `kind`); returns the stored copy. */
  putObject<T extends KubernetesObjectLike>(object: T): StoredObject {
    const resource = this.resourceOf(object.apiVersion ?? '', object.kind ?? '');
    const namespace = resource.namespaced ? requireNamespace(object, 'putObject') : undefined;
    return this.store.put(resource, namespace, object);
  }

  /** A copy of a stored object of a registered kind, or undefined (`namespace` is ignored for cluster-scoped kinds). */
  getObject(apiVersion: string, kind: string, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.store.get(this.resourceOf(apiVersion, kind), namespace, name);
  }

  /**
   * What a DELETE request does to an object of a registered kind: removes it when it has no finalizers, otherwise
   * marks it with a deletionTimestamp and keeps it until an update clears its finalizers. Returns the outcome.
   */
  requestDeletion(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): 'removed' | 'deleting' | 'missing' {
    return this.store.requestDeletion(this.resourceOf(apiVersion, kind), namespace, name).outcome;
  }

  /** Deletes an object of a registered kind at once, finalizers or not; false when it did not exist. */
  deleteObject(apiVersion: string, kind: string, namespace: string | undefined, name: string): boolean {
    return this.store.delete(this.resourceOf(apiVersion, kind), namespace, name) !== undefined;
  }

  /** How many GET requests for this Secret arrived (counted on arrival, so faulted requests count too). */
  reads(namespace: string, name: string): number {
    return this.secretReads.get(`${namespace}/${name}`) ?? 0;
  }

  /** Installs (or with undefined removes) the fault hook. */
  setFault(hook: FaultHook | undefined): void {
    this.fault = hook;
  }

  /** Forgets recorded requests and read counts. */
  clearRequests(): void {
    this.requests.length = 0;
    this.secretReads.clear();
  }

  /** Stops listening and closes every connection, including idle keep-alive sockets. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  /** Same as {@link FakeKubernetesAPI.close}. */
  stop(): Promise<void> {
    return this.close();
  }

  private kubeconfigParameters() {
    return {
      server: this.url,
      caPem: this.caPem,
      tlsServerName: 'localhost',
      token: this.token,
      namespace: this.namespace,
      name: 'testkit',
    };
  }

  private secrets(): RegisteredResource {
    return this.resourceOf('v1', 'Secret');
  }

  private resourceOf(apiVersion: string, kind: string): RegisteredResource {
    const resource = this.registry.byKind(apiVersion, kind);
    if (resource === undefined) throw new Error(`resource ${apiVersion} ${kind} is not registered`);
    return resource;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const recorded: RecordedAPIRequest = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: request.headers,
      body: await readBodyText(request),
    };
    this.requests.push(recorded);
    const route = this.route(recorded.path);
    if (recorded.method === 'GET' && route.type === 'resource') this.countRead(route.route);

    const fault = await this.fault?.(recorded);
    if (fault === 'reset') {
      request.socket.destroy();
      return;
    }
    if (fault !== undefined && fault.delayMs !== undefined) await delay(fault.delayMs);
    if (fault !== undefined && 'status' in fault) {
      this.sendFault(response, fault);
      return;
    }

    if (this.requireToken && request.headers.authorization !== `Bearer ${this.token}`) {
      sendJSON(response, 401, failureStatus(401, 'Unauthorized'));
      return;
    }
    if (route.type === 'document') {
      if (recorded.method === 'GET') sendJSON(response, 200, route.body);
      else
        sendJSON(response, 405, failureStatus(405, `the server does not allow this method on the requested resource`));
      return;
    }
    if (route.type === 'unknown') {
      sendJSON(response, 404, notFoundPath());
      return;
    }
    const [status, body] = this.handleResource(recorded, route.route);
    sendJSON(response, status, body);
  }

  private sendFault(response: ServerResponse, fault: Extract<FaultResult, { status: number }>): void {
    if (response.destroyed || response.writableEnded) return;
    if (typeof fault.body === 'string') {
      response.writeHead(fault.status, { 'content-type': 'text/plain', ...fault.headers });
      response.end(fault.body);
      return;
    }
    const body =
      fault.body === undefined
        ? failureStatus(fault.status, `testkit fault: ${statusReason(fault.status)}`)
        : (fault.body as object);
    const payload = JSON.stringify(body);
    response.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
    response.end(payload);
  }

  private countRead(route: ResourceRoute): void {
    const { resource, namespace, name, subresource } = route;
    if (resource.group !== '' || resource.plural !== 'secrets' || name === undefined || subresource !== undefined)
      return;
    const key = `${namespace ?? ''}/${name}`;
    this.secretReads.set(key, (this.secretReads.get(key) ?? 0) + 1);
  }

  private route(target: string): Route {
    let segments: string[];
    try {
      segments = new URL(target, 'https://localhost').pathname
        .split('/')
        .filter((s) => s !== '')
        .map(decodeURIComponent);
    } catch {
      return { type: 'unknown' };
    }
    const [root, ...rest] = segments;
    if (root === 'version' && rest.length === 0) {
      return {
        type: 'document',
        body: { major: '1', minor: '33', gitVersion: 'v1.33.0-testkit', platform: 'linux/amd64' },
      };
    }
    if (root === 'api') {
      if (rest.length === 0) return { type: 'document', body: this.registry.apiVersions(`127.0.0.1:${this.port}`) };
      return this.groupRoute('', rest);
    }
    if (root === 'apis') {
      if (rest.length === 0) return { type: 'document', body: this.registry.apiGroupList() };
      const [group, ...afterGroup] = rest;
      if (afterGroup.length === 0) {
        const document = this.registry.apiGroup(group);
        return document === undefined ? { type: 'unknown' } : { type: 'document', body: document };
      }
      return this.groupRoute(group, afterGroup);
    }
    return { type: 'unknown' };
  }

  private groupRoute(group: string, segments: string[]): Route {
    const [version, ...rest] = segments;
    if (rest.length === 0) {
      const document = this.registry.apiResourceList(group, version);
      return document === undefined ? { type: 'unknown' } : { type: 'document', body: document };
    }
    const namespaced = rest[0] === 'namespaces' && rest.length >= 3;
    const [namespace, plural, name, subresource, ...extra] = namespaced ? rest.slice(1) : [undefined, ...rest];
    if (extra.length > 0 || plural === undefined) return { type: 'unknown' };
    const resource = this.registry.byPlural(group, version, plural);
    if (resource === undefined) return { type: 'unknown' };
    if (namespaced && !resource.namespaced) return { type: 'unknown' };
    if (!namespaced && resource.namespaced && name !== undefined) return { type: 'unknown' };
    if (subresource !== undefined && !resource.subresources.includes(subresource)) return { type: 'unknown' };
    return { type: 'resource', route: { resource, namespace, name, subresource } };
  }

  private handleResource(request: RecordedAPIRequest, route: ResourceRoute): [number, object] {
    const { resource, namespace, name } = route;
    const label = resourceLabel(resource);

    if (name === undefined) {
      if (request.method === 'GET') return this.list(request, resource, namespace);
      if (request.method !== 'POST')
        return [405, failureStatus(405, 'the server does not allow this method on the requested resource')];
      const parsed = this.parseObject(request.body, resource, namespace, undefined);
      if (!parsed.ok) return [parsed.status.code, parsed.status];
      const objectName = parsed.object.metadata?.name ?? '';
      const created = this.store.create(resource, namespace, objectName, parsed.object);
      if (created.outcome === 'ok') return [201, created.object];
      return [
        409,
        failureStatus(
          409,
          `${label} "${objectName}" already exists`,
          'AlreadyExists',
          statusDetails(resource, objectName),
        ),
      ];
    }

    switch (request.method) {
      case 'GET': {
        const object = this.store.get(resource, namespace, name);
        return object === undefined ? [404, notFoundStatus(resource, name)] : [200, object];
      }
      case 'PUT': {
        const parsed = this.parseObject(request.body, resource, namespace, name);
        if (!parsed.ok) return [parsed.status.code, parsed.status];
        return this.updateAnswer(this.store.update(resource, namespace, name, parsed.object), resource, name);
      }
      case 'PATCH':
        return this.patch(request, resource, namespace, name);
      case 'DELETE': {
        const deletion = this.store.requestDeletion(resource, namespace, name);
        if (deletion.outcome === 'missing') return [404, notFoundStatus(resource, name)];
        // Blocked by finalizers: the API server answers with the object, now carrying its deletionTimestamp.
        if (deletion.outcome === 'deleting') return [200, deletion.object];
        return [200, successStatus(statusDetails(resource, name, deletion.object.metadata.uid))];
      }
      default:
        return [405, failureStatus(405, 'the server does not allow this method on the requested resource')];
    }
  }

  private list(
    request: RecordedAPIRequest,
    resource: RegisteredResource,
    namespace: string | undefined,
  ): [number, object] {
    const query = new URL(request.path, 'https://localhost').searchParams;
    let matches: (object: StoredObject) => boolean;
    try {
      const labels = parseLabelSelector(query.get('labelSelector'));
      const fields = parseFieldSelector(query.get('fieldSelector'));
      matches = (object) => labels(object) && fields(object);
    } catch (error) {
      if (!(error instanceof SelectorError)) throw error;
      return [400, failureStatus(400, error.message, 'BadRequest')];
    }
    return [
      200,
      {
        kind: `${resource.kind}List`,
        apiVersion: groupVersionOf(resource.group, resource.version),
        metadata: { resourceVersion: this.store.resourceVersion },
        items: this.store.list(resource, namespace).filter(matches),
      },
    ];
  }

  private updateAnswer(result: UpdateResult, resource: RegisteredResource, name: string): [number, object] {
    const label = resourceLabel(resource);
    switch (result.outcome) {
      case 'ok':
        return [200, result.object];
      case 'missing':
        return [404, notFoundStatus(resource, name)];
      case 'conflict':
        return [
          409,
          failureStatus(
            409,
            `Operation cannot be fulfilled on ${label} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
            'Conflict',
            statusDetails(resource, name),
          ),
        ];
      case 'finalizers_forbidden': {
        const found = `[]string{${result.added.map((finalizer) => JSON.stringify(finalizer)).join(', ')}}`;
        const kind = resource.group === '' ? resource.kind : `${resource.kind}.${resource.group}`;
        return [
          422,
          failureStatus(
            422,
            `${kind} "${name}" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${found}`,
            'Invalid',
            statusDetails(resource, name),
          ),
        ];
      }
    }
  }

  /**
   * PATCH: JSON merge patch and JSON patch, applied to the stored object and then written like an update (so a
   * `metadata.resourceVersion` in the patch is a precondition, and the finalizer rules hold). Strategic merge patch
   * (client-node's default) is refused with 415: custom resources do not support it on a real API server either.
   */
  private patch(
    request: RecordedAPIRequest,
    resource: RegisteredResource,
    namespace: string | undefined,
    name: string,
  ): [number, object] {
    const contentType = String(request.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    const apply =
      contentType === 'application/merge-patch+json'
        ? applyMergePatch
        : contentType === 'application/json-patch+json'
          ? applyJSONPatch
          : undefined;
    if (apply === undefined) {
      const accepted = 'application/json-patch+json, application/merge-patch+json';
      return [
        415,
        failureStatus(
          415,
          `the body of the request was in an unknown format - accepted media types include: ${accepted}`,
          'UnsupportedMediaType',
        ),
      ];
    }
    const stored = this.store.get(resource, namespace, name);
    if (stored === undefined) return [404, notFoundStatus(resource, name)];
    let patched: unknown;
    try {
      patched = apply(stored, JSON.parse(request.body));
    } catch (error) {
      if (error instanceof SyntaxError) return [400, failureStatus(400, 'the patch is not valid JSON', 'BadRequest')];
      if (!(error instanceof PatchError)) throw error;
      return [error.status, failureStatus(error.status, error.message)];
    }
    const parsed = this.parseObject(JSON.stringify(patched), resource, namespace, name);
    if (!parsed.ok) return [parsed.status.code, parsed.status];
    return this.updateAnswer(this.store.update(resource, namespace, name, parsed.object), resource, name);
  }

  private parseObject(
    body: string,
    resource: RegisteredResource,
    namespace: string | undefined,
    name: string | undefined,
  ): ParsedObject {
    let object: unknown;
    try {
      object = JSON.parse(body);
    } catch {
      return invalid(400, 'the request body is not valid JSON', 'BadRequest');
    }
    if (typeof object !== 'object' || object === null || Array.isArray(object)) {
      return invalid(400, 'the request body is not a JSON object', 'BadRequest');
    }
    const candidate = object as KubernetesObjectLike;
    const objectName = candidate.metadata?.name;
    if (objectName === undefined || objectName === '') {
      return invalid(
        422,
        `${resourceLabel(resource)} "" is invalid: metadata.name: Required value: name is required`,
        'Invalid',
      );
    }
    if (name !== undefined && objectName !== name) {
      return invalid(
        400,
        `the name of the object (${objectName}) does not match the name on the URL (${name})`,
        'BadRequest',
      );
    }
    const objectNamespace = candidate.metadata?.namespace;
    if (
      resource.namespaced &&
      objectNamespace !== undefined &&
      objectNamespace !== '' &&
      objectNamespace !== namespace
    ) {
      return invalid(
        400,
        'the namespace of the provided object does not match the namespace sent on the request',
        'BadRequest',
      );
    }
    const { group, version } = parseAPIVersion(
      candidate.apiVersion ?? groupVersionOf(resource.group, resource.version),
    );
    if (group !== resource.group || version !== resource.version) {
      return invalid(
        400,
        `the API version in the data (${candidate.apiVersion}) does not match the expected API version`,
        'BadRequest',
      );
    }
    return { ok: true, object: candidate };
  }
}

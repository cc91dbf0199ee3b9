import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { probeRegionAPI } from './support/probe';

type Node = Record<string, unknown>;
type Operation = Node & { operationId?: string; tags?: string[]; responses: Record<string, Node> };
type PathItem = Node & { parameters?: Node[] } & Partial<Record<Method, Operation>>;
type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

const text = readFileSync(new URL('../contract/region.v2.yaml', import.meta.url), 'utf8');
const contract = parse(text) as {
  paths: Record<string, PathItem>;
  components: Record<string, Record<string, Node>>;
};
const METHODS: Method[] = ['get', 'put', 'post', 'delete', 'patch'];

const operations = Object.entries(contract.paths).flatMap(([path, item]) =>
  METHODS.filter((method) => item[method]).map((method) => ({
    method,
    path,
    item,
    operation: item[method] as Operation,
  })),
);

/** Every object in the tree with the key that holds it, depth first. */
const walk = (
  node: unknown,
  visit: (value: Node, key: string, parentKey: string) => void,
  key = '',
  parentKey = '',
) => {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit, key, parentKey);
  } else if (node !== null && typeof node === 'object') {
    visit(node as Node, key, parentKey);
    for (const [childKey, value] of Object.entries(node)) walk(value, visit, childKey, key);
  }
};

const resolve = <T = Node>(node: Node): T => {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node as T;
  const [, , kind, name] = ref.split('/');
  return contract.components[kind][name] as T;
};

/** A success status of the operation: the single 2xx response. */
const successStatus = (operation: Operation) => {
  const statuses = Object.keys(operation.responses).filter((status) => /^2\d\d$/.test(status));
  expect(statuses).toHaveLength(1);
  return Number(statuses[0]);
};

// The Go region server's v2 routes: method, path, success status.
const UPSTREAM_V2: Array<[string, string, number]> = [
  ['GET', '/.well-known/openid-protected-resource', 200],
  ['GET', '/api/version', 200],
  ['GET', '/api/v2/networks', 200],
  ['POST', '/api/v2/networks', 201],
  ['GET', '/api/v2/networks/{networkID}', 200],
  ['PUT', '/api/v2/networks/{networkID}', 202],
  ['DELETE', '/api/v2/networks/{networkID}', 202],
  ['PUT', '/api/v2/networks/{networkID}/references/{reference}', 201],
  ['DELETE', '/api/v2/networks/{networkID}/references/{reference}', 204],
  ['GET', '/api/v2/securitygroups', 200],
  ['POST', '/api/v2/securitygroups', 201],
  ['GET', '/api/v2/securitygroups/{securityGroupID}', 200],
  ['PUT', '/api/v2/securitygroups/{securityGroupID}', 202],
  ['DELETE', '/api/v2/securitygroups/{securityGroupID}', 202],
  ['GET', '/api/v2/loadbalancers', 200],
  ['POST', '/api/v2/loadbalancers', 201],
  ['GET', '/api/v2/loadbalancers/{loadBalancerID}', 200],
  ['PUT', '/api/v2/loadbalancers/{loadBalancerID}', 202],
  ['DELETE', '/api/v2/loadbalancers/{loadBalancerID}', 202],
  ['GET', '/api/v2/sshcertificateauthorities', 200],
  ['POST', '/api/v2/sshcertificateauthorities', 201],
  ['GET', '/api/v2/sshcertificateauthorities/{sshCertificateAuthorityID}', 200],
  ['DELETE', '/api/v2/sshcertificateauthorities/{sshCertificateAuthorityID}', 202],
  ['GET', '/api/v2/regions/{regionID}/images', 200],
  ['GET', '/api/v2/servers', 200],
  ['POST', '/api/v2/servers', 201],
  ['GET', '/api/v2/servers/{serverID}', 200],
  ['PUT', '/api/v2/servers/{serverID}', 202],
  ['DELETE', '/api/v2/servers/{serverID}', 202],
  ['POST', '/api/v2/servers/{serverID}/provider-create-gates', 204],
  ['GET', '/api/v2/servers/{serverID}/sshkey', 200],
  ['POST', '/api/v2/servers/{serverID}/start', 202],
  ['POST', '/api/v2/servers/{serverID}/stop', 202],
  ['POST', '/api/v2/servers/{serverID}/softreboot', 202],
  ['POST', '/api/v2/servers/{serverID}/hardreboot', 202],
  ['GET', '/api/v2/servers/{serverID}/consolesessions', 200],
  ['GET', '/api/v2/servers/{serverID}/consoleoutput', 200],
  ['POST', '/api/v2/servers/{serverID}/snapshot', 201],
  ['GET', '/api/v2/filestorage', 200],
  ['POST', '/api/v2/filestorage', 201],
  ['GET', '/api/v2/filestorage/{filestorageID}', 200],
  ['PUT', '/api/v2/filestorage/{filestorageID}', 202],
  ['DELETE', '/api/v2/filestorage/{filestorageID}', 202],
  ['GET', '/api/v2/filestorageclasses', 200],
  ['GET', '/api/v2/volumes', 200],
  ['POST', '/api/v2/volumes', 202],
  ['GET', '/api/v2/volumes/{volumeID}', 200],
  ['PUT', '/api/v2/volumes/{volumeID}', 200],
  ['DELETE', '/api/v2/volumes/{volumeID}', 202],
  ['GET', '/api/v2/volumeclasses', 200],
];

describe('region contract (contract/region.v2.yaml)', () => {
  it('is marked as generated', () => {
    expect(text.startsWith('# GENERATED FILE: DO NOT EDIT BY HAND.\n')).toBe(true);
  });

  it('covers the whole reference: 53 paths, 81 operations, v2 and legacy v1', () => {
    expect(Object.keys(contract.paths)).toHaveLength(53);
    expect(operations).toHaveLength(81);
    expect(operations.filter(({ path }) => path.startsWith('/api/v1/'))).toHaveLength(31);
    const others = operations.filter(({ path }) => !path.startsWith('/api/v1/'));
    expect(others.map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort()).toEqual(
      UPSTREAM_V2.map(([method, path]) => `${method} ${path}`).sort(),
    );
  });

  it.each(UPSTREAM_V2)('has %s %s with success status %i', (method, path, status) => {
    const operation = contract.paths[path]?.[method.toLowerCase() as Method];
    expect(operation).toBeDefined();
    expect(successStatus(operation as Operation)).toBe(status);
  });

  it('names every operation once and gives it exactly one tag', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]+$/);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { operation } of operations) expect(operation.tags).toHaveLength(1);
  });

  it('names the network operations as the References helper expects', () => {
    const id = (method: Method, path: string) => contract.paths[path][method]?.operationId;
    expect(id('get', '/api/v2/networks')).toBe('listNetworks');
    expect(id('post', '/api/v2/networks')).toBe('createNetwork');
    expect(id('get', '/api/v2/networks/{networkID}')).toBe('getNetwork');
    expect(id('put', '/api/v2/networks/{networkID}')).toBe('updateNetwork');
    expect(id('delete', '/api/v2/networks/{networkID}')).toBe('deleteNetwork');
    expect(id('put', '/api/v2/networks/{networkID}/references/{reference}')).toBe('addNetworkReference');
    expect(id('delete', '/api/v2/networks/{networkID}/references/{reference}')).toBe('removeNetworkReference');
  });

  it('has no remote $ref and no dangling local one', () => {
    const refs: string[] = [];
    walk(contract, (node) => {
      if (typeof node.$ref === 'string') refs.push(node.$ref);
    });
    expect(refs.length).toBeGreaterThan(500);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/\w+\/\w+$/);
      const [, , kind, name] = ref.split('/');
      expect(contract.components[kind]?.[name]).toBeDefined();
    }
    expect(text).not.toContain('raw.githubusercontent.com');
  });

  it('carries none of the reference prose: no summary/example(s), descriptions only our response words', () => {
    walk(contract, (node, key, parentKey) => {
      if (key === 'properties') return; // property names, e.g. `description` of resource metadata
      for (const prose of ['example', 'examples', 'externalDocs']) expect(node).not.toHaveProperty(prose);
      if ('summary' in node) expect(node.summary).toMatch(/^[A-Z][a-z0-9 ]*( \(v1\))?\.$/);
      if ('description' in node) {
        // OpenAPI 3.0 requires a description on every response object: ours is a reason phrase or a name.
        const isResponse = parentKey === 'responses' || (key !== '' && contract.components.responses[key] === node);
        expect(isResponse).toBe(true);
        expect(node.description).toMatch(/^[A-Z][A-Za-z0-9]*( [A-Za-z0-9]+){0,3}$/);
      }
    });
  });

  it('declares every path ID a required format: uuid string (`reference` is a free string)', () => {
    for (const { item, operation, path } of operations) {
      const parameters = [...(item.parameters ?? []), ...((operation.parameters as Node[]) ?? [])].map((p) =>
        resolve(p),
      );
      const inPath = parameters.filter((p) => p.in === 'path');
      expect(inPath.map((p) => p.name).sort()).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
      for (const parameter of inPath) {
        expect(parameter.required).toBe(true);
        const schema = resolve(parameter.schema as Node);
        if (parameter.name === 'reference') expect(schema).toEqual({ type: 'string' });
        else expect(schema).toMatchObject({ type: 'string', format: 'uuid' });
      }
    }
  });

  it('keeps the vendor extensions servers act on', () => {
    const reference = contract.paths['/api/v2/networks/{networkID}/references/{reference}'];
    expect(reference.put).toMatchObject({ 'x-hidden': true, 'x-no-body': true });
    expect(reference.put).not.toHaveProperty('requestBody');
    expect(contract.paths['/api/version'].get).toHaveProperty('x-no-authorization', true);
    expect(contract.paths['/.well-known/openid-protected-resource'].get).toHaveProperty(
      'x-no-security-requirements',
      true,
    );
    expect(text).not.toContain('x-go-type');
  });

  it('gives every discriminator an explicit mapping', () => {
    walk(contract, (node) => {
      if ('discriminator' in node) expect((node.discriminator as Node).mapping).toBeDefined();
    });
  });

  it('documents the error statuses of the reference operations (PropagateError depends on them)', () => {
    const add = contract.paths['/api/v2/networks/{networkID}/references/{reference}'].put as Operation;
    const remove = contract.paths['/api/v2/networks/{networkID}/references/{reference}'].delete as Operation;
    expect(Object.keys(add.responses)).toEqual(['201', '400', '401', '403', '404', '500']);
    expect(Object.keys(remove.responses)).toEqual(['204', '401', '403', '404', '500']);
    expect(
      resolve<{ content: Record<string, { schema: Node }> }>(add.responses['404']).content['application/json'].schema,
    ).toEqual({
      $ref: '#/components/schemas/error',
    });
  });
});

describe('generated RegionAPI (src/generated)', () => {
  const probed = probeRegionAPI();

  it('exposes the network operations used by References under short names', () => {
    const networks = Object.fromEntries(
      probed.filter((entry) => entry.group === 'networks').map((entry) => [entry.method, entry.spec.operationId]),
    );
    expect(networks).toMatchObject({
      list: 'listNetworks',
      addReference: 'addNetworkReference',
      removeReference: 'removeNetworkReference',
    });
  });

  it('has exactly one method per contract operation, on the group of its tag, with its method, path and parameters', () => {
    expect(probed.map((entry) => entry.spec.operationId).sort()).toEqual(
      operations.map(({ operation }) => operation.operationId as string).sort(),
    );
    for (const { method, path, item, operation } of operations) {
      const entry = probed.find((candidate) => candidate.spec.operationId === operation.operationId);
      const tag = (operation.tags as string[])[0];
      expect(entry?.group).toBe(tag.charAt(0).toLowerCase() + tag.slice(1));
      expect(entry?.spec.method).toBe(method.toUpperCase());
      expect(entry?.spec.url).toBe(path);
      const declared = [...(item.parameters ?? []), ...((operation.parameters as Node[] | undefined) ?? [])].map(
        (parameter) =>
          parameter.$ref
            ? contract.components.parameters[String(parameter.$ref).split('/').pop() as string]
            : parameter,
      );
      const wire = [...(entry?.spec.path ?? []), ...(entry?.spec.query ?? [])].map((parameter) => parameter.wire);
      expect(wire.sort()).toEqual(declared.map((parameter) => parameter.name as string).sort());
    }
  });
});

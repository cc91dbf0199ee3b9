import { describe, expect, it } from '@jest/globals';
import { consumerProject, runNode } from './support/consumer';

// One process that loads every package both with require() and with import (a CommonJS plugin next to ESM
// code, a CJS jest transform): it must get one module graph, so one context store, one dispatcher cache and
// one set of error classes. Run against the packed tarballs, as a user installs them.
const script = `
'use strict';
const http = require('node:http');
const { Agent } = require('undici');

async function main() {
  const cjs = {
    core: require('@unikorn-cloud/core-client'),
    identity: require('@unikorn-cloud/identity-client'),
    region: require('@unikorn-cloud/region-client'),
  };
  const esm = {
    core: await import('@unikorn-cloud/core-client'),
    identity: await import('@unikorn-cloud/identity-client'),
    region: await import('@unikorn-cloud/region-client'),
  };
  const result = {};
  for (const name of Object.keys(cjs)) {
    const keys = Object.keys(esm[name]).filter((key) => key !== 'default' && key !== '__esModule');
    result[name + ' exports'] = keys.length > 0 && keys.every((key) => cjs[name][key] === esm[name][key]);
  }
  result['one dispatcher cache'] = cjs.core.defaultDispatcherCache === esm.core.defaultDispatcherCache;
  result['APIError instanceof across'] = new cjs.core.APIError({ status: 404, errorCode: 'not_found', description: 'x' }) instanceof esm.core.APIError;
  result['UnikornError instanceof across'] =
    new esm.core.ResourceNotFoundError('x') instanceof cjs.core.UnikornError &&
    new esm.region.InvalidUUIDError('x') instanceof cjs.core.UnikornError;

  const principal = { organizationId: 'org-1', projectId: 'proj-1', type: 'user', actor: 'alice@example.com' };
  result['principal seen across'] = await cjs.identity.withPrincipal(principal, async () =>
    esm.identity.samePrincipal(esm.identity.principalFromContext(), principal),
  );

  // A principal set through the require()d withPrincipal is sent by a client from the imported module.
  let sent;
  const server = http.createServer((request, response) => {
    sent = request.headers['x-principal'];
    response.setHeader('content-type', 'application/json');
    response.end('{}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dispatcher = new Agent();
  try {
    const transport = {
      baseUrl: 'http://127.0.0.1:' + server.address().port,
      dispatcher,
      mutators: esm.identity.apiMutators(),
    };
    await cjs.identity.withPrincipal(principal, () =>
      esm.identity.sendRequest(transport, { method: 'GET', path: '/api/version' }),
    );
  } finally {
    await dispatcher.close();
    server.close();
  }
  result['X-Principal sent across'] =
    typeof sent === 'string' && esm.identity.samePrincipal(cjs.identity.decodePrincipalHeader(sent), principal);
  process.stdout.write(JSON.stringify(result));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});
`;

describe('one module graph per process ', () => {
  it('require() and import of each package give the same instances, context store and error classes', () => {
    const dir = consumerProject('module-graph', { 'package.json': '{ "private": true }\n', 'dual.cjs': script });
    const result = runNode(dir, ['dual.cjs']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      'core exports': true,
      'identity exports': true,
      'region exports': true,
      'one dispatcher cache': true,
      'APIError instanceof across': true,
      'UnikornError instanceof across': true,
      'principal seen across': true,
      'X-Principal sent across': true,
    });
  });
});

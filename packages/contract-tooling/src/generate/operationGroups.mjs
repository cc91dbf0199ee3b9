import { ContractToolingError } from '../errors.mjs';
import { forEachOperation, isObject, resolveRef, upperFirst } from '../tree.mjs';
import { typeOf } from './schemaTypes.mjs';

/** Option names every call takes besides its parameters (from the runtime's `CallOptions`). */
const CALL_OPTIONS = new Set(['body', 'signal', 'timeoutMs']);

/** A wire parameter name as an option name: `organizationID` → `organizationId`, `x-trace` → `xTrace`. */
export const optionName = (wire) => {
  const joined = wire.replace(/[^A-Za-z0-9]+([A-Za-z0-9])/g, (_, c) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
  return `${joined.charAt(0).toLowerCase()}${joined.slice(1)}`.replace(/ID(?=[A-Z0-9]|$)/g, 'Id');
};

/** The noun a tag names, plural and singular: `Networks` → [Networks, Network], `Identities` → [Identities, Identity]. */
const nounsOf = (tag) => {
  if (tag.endsWith('ies')) return [tag, `${tag.slice(0, -3)}y`];
  if (tag.endsWith('s')) return [tag, tag.slice(0, -1)];
  return [tag];
};

/**
 * The method name of an operation in its tag's group: the operationId without the tag's noun
 * (`listNetworks` → `list`, `addNetworkReference` → `addReference`, `listImagesV1` → `listV1`); unchanged when the
 * operationId does not name it (`getVersion` in `ServiceInfo`).
 */
export const methodName = (operationId, tag) => {
  for (const noun of nounsOf(tag)) {
    const at = operationId.search(new RegExp(`${noun}(?=[A-Z0-9]|$)`));
    if (at > 0) return `${operationId.slice(0, at)}${operationId.slice(at + noun.length)}`;
  }
  return operationId;
};

/** `listNetworks` → `ListNetworksOptions`. */
const optionsTypeName = (operationId) => `${upperFirst(operationId)}Options`;

/** `Networks` → `networks`, `SshCertificateAuthorities` → `sshCertificateAuthorities`. */
const propertyName = (tag) => `${tag.charAt(0).toLowerCase()}${tag.slice(1)}`;

const quote = (text) => `'${String(text).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** One line of TSDoc text: no comment terminators, no line breaks. */
const docText = (text) =>
  String(text ?? '')
    .replace(/\*\//g, '*\u200b/')
    .replace(/\s+/g, ' ')
    .trim();

const jsonMedia = (content) => Object.entries(content ?? {}).find(([type]) => /json/i.test(type));

/** The parts of one operation the generated code needs. */
const describeOperation = (contract, names, method, url, operation, pathItem) => {
  const imports = new Set();
  const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]
    .map((parameter) => resolveRef(contract, parameter))
    .filter((parameter) => parameter.in === 'path' || parameter.in === 'query');
  for (const parameter of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
    resolveRef(contract, p),
  )) {
    if (parameter.in !== 'path' && parameter.in !== 'query')
      throw new ContractToolingError(`${operation.operationId}: ${parameter.in} parameters are not supported`);
  }
  const params = parameters.map((parameter) => ({
    option: optionName(parameter.name),
    wire: parameter.name,
    in: parameter.in,
    required: parameter.in === 'path' || parameter.required === true,
    type: typeOf(contract, names, parameter.schema, imports),
    description: docText(parameter.description),
  }));
  const seen = new Set();
  for (const param of params) {
    if (CALL_OPTIONS.has(param.option) || seen.has(param.option))
      throw new ContractToolingError(`${operation.operationId}: parameter option name ${param.option} is taken`);
    seen.add(param.option);
  }
  const requestBody = resolveRef(contract, operation.requestBody);
  let body;
  if (isObject(requestBody)) {
    const [mediaType, media] = Object.entries(requestBody.content ?? {})[0] ?? [];
    if (mediaType === undefined)
      throw new ContractToolingError(`${operation.operationId}: request body without content`);
    body = {
      mediaType,
      // Go's generated clients take a JSON body as a required argument.
      required: requestBody.required === true || /json/i.test(mediaType),
      type: typeOf(contract, names, media?.schema, imports),
    };
  }
  const successes = [];
  const errors = [];
  for (const [status, value] of Object.entries(operation.responses ?? {})) {
    const response = resolveRef(contract, value);
    if (/^2\d\d$/.test(status)) {
      const media = jsonMedia(response?.content)?.[1];
      successes.push({
        status: Number(status),
        type: media?.schema ? typeOf(contract, names, media.schema, imports) : 'void',
      });
    } else if (/^\d{3}$/.test(status) && Number(status) >= 300) {
      errors.push([Number(status), docText(response?.description) || `status ${status}`]);
    }
  }
  successes.sort((a, b) => a.status - b.status);
  errors.sort((a, b) => a[0] - b[0]);
  const resultTypes = [...new Set(successes.map((success) => success.type))];
  return {
    operationId: operation.operationId,
    method: method.toUpperCase(),
    url,
    summary: docText(operation.summary),
    params,
    body,
    successes,
    errors,
    resultType: resultTypes.length === 0 ? 'void' : resultTypes.join(' | '),
    imports,
  };
};

const specSource = (op) => {
  const parameter = (param) =>
    `{ name: ${quote(param.option)}, wire: ${quote(param.wire)}, required: ${param.required} }`;
  const list = (where) =>
    `[${op.params
      .filter((param) => param.in === where)
      .map(parameter)
      .join(', ')}]`;
  const errors = op.errors.map(([status, text]) => `${status}: ${quote(text)}`).join(', ');
  return [
    `const ${op.operationId}: OperationSpec = {`,
    `  operationId: ${quote(op.operationId)},`,
    `  method: ${quote(op.method)},`,
    `  url: ${quote(op.url)},`,
    `  path: ${list('path')},`,
    `  query: ${list('query')},`,
    op.body
      ? `  body: { mediaType: ${quote(op.body.mediaType)}, required: ${op.body.required} },`
      : '  body: undefined,',
    `  errors: { ${errors} },`,
    '};',
  ].join('\n');
};

const optionsSource = (op, groupClass, method) => {
  const fields = op.params.map((param) =>
    [
      `  /** ${param.description || `\`${param.wire}\``} (${param.in} parameter${param.required ? ', required' : ''}). */`,
      `  readonly ${param.option}${param.required ? '' : '?'}: ${param.type};`,
    ].join('\n'),
  );
  if (op.body)
    fields.push(
      `  /** The request body (\`${op.body.mediaType}\`${op.body.required ? ', required' : ''}). */`,
      `  readonly body${op.body.required ? '' : '?'}: ${op.body.type};`,
    );
  return [
    `/** Options of {@link ${groupClass}.${method}}: its parameters, body, \`signal\` and \`timeoutMs\`. */`,
    `export interface ${optionsTypeName(op.operationId)} extends CallOptions {`,
    ...fields,
    '}',
  ].join('\n');
};

const methodSource = (op, method) => {
  const required = op.params.some((param) => param.required) || op.body?.required === true;
  const optionsType = optionsTypeName(op.operationId);
  const argument = required ? `options: ${optionsType}` : `options: ${optionsType} = {}`;
  const statuses = op.successes.map((success) => success.status).join(', ') || '2xx';
  const errorStatuses = op.errors.map(([status]) => status).join(', ');
  return [
    '  /**',
    `   * ${op.summary || op.operationId} \`${op.method} ${op.url}\` (operation \`${op.operationId}\`).`,
    '   *',
    `   * @param options - ${op.params.length > 0 ? 'the parameters' : 'no parameters'}${op.body ? ', `body`' : ''}; \`signal\` and \`timeoutMs\` for this call.`,
    `   * @returns the body of the ${statuses} response; from \`withResponse()\`: \`{ status, headers, body }\`.`,
    ...(errorStatuses === ''
      ? []
      : [`   * @throws core-client's \`APIError\` for the documented error statuses ${errorStatuses}.`]),
    '   * @throws `RequestParameterError`, `ResponseDecodeError`, `RequestTimeoutError`, `RequestAbortedError`,',
    "   *   `ResponseTooLargeError`, or core-client's status errors: see the operation runtime's `call`.",
    '   */',
    `  ${method}(${argument}): Promise<OperationResult<M, ${op.resultType}>> {`,
    `    return this.client.call<OperationResult<M, ${op.resultType}>>(${op.operationId}, options);`,
    '  }',
  ].join('\n');
};

const groupClassName = (tag) => `${tag}Operations`;

const groupSource = (config, runtime, tag, ops) => {
  const groupClass = groupClassName(tag);
  const methods = new Map();
  for (const op of ops) {
    const method = methodName(op.operationId, tag);
    if (methods.has(method))
      throw new ContractToolingError(
        `${tag}: ${methods.get(method).operationId} and ${op.operationId} are both ${method}`,
      );
    methods.set(method, op);
  }
  const imports = [...new Set(ops.flatMap((op) => [...op.imports]))].sort();
  return [
    `import type { CallOptions, OperationClient, OperationResult, OperationSpec, ResultMode } from '${runtime}';`,
    ...imports.map((name) => `import type { ${name} } from '../models/${name}';`),
    '',
    ...[...methods].flatMap(([method, op]) => [optionsSource(op, groupClass, method), '']),
    ...ops.flatMap((op) => [specSource(op), '']),
    '/**',
    ` * The \`${tag}\` operations of the ${config.name} API: one method per operation, each taking one options object.`,
    ' * `M` is `body` (methods resolve with the decoded body) or `response` (`{ status, headers, body }`).',
    ' */',
    `export class ${groupClass}<M extends ResultMode = 'body'> {`,
    "  /** @param client - the operation runtime bound to a transport (built by the package's `Client`). */",
    '  constructor(private readonly client: OperationClient) {}',
    '',
    [...methods].map(([method, op]) => methodSource(op, method)).join('\n\n'),
    '}',
    '',
  ].join('\n');
};

const apiSource = (config, runtime, tags) => {
  const apiName = config.clientName;
  return [
    `import type { OperationClient, ResultMode } from '${runtime}';`,
    ...tags.map((tag) => `import { ${groupClassName(tag)} } from './operations/${groupClassName(tag)}';`),
    '',
    '/**',
    ` * The ${config.name} API, one group of operations per tag (\`api.networks.list({ organizationId })\`). Built by the`,
    " * package's `Client` (`apiClient()`, `controllerClient(resource)`): every request goes through its mTLS transport",
    ' * and mutators. Operations resolve with the decoded body; {@link ' +
      `${apiName}.withResponse} gives the same operations`,
    ' * resolving with `{ status, headers, body }`.',
    ' *',
    ' * Every operation rejects with: `RequestParameterError` for a missing or invalid required parameter (before',
    " * anything is sent); core-client's `APIError` for a documented error status; core-client's `APIStatusError` /",
    ' * `TypeConversionError` for an undocumented status (Go `PropagateError`); `ResponseDecodeError` for a success body',
    ' * that is not the declared JSON type; `RequestTimeoutError` / `RequestAbortedError` for `timeoutMs` / `signal`;',
    ' * `ResponseTooLargeError` for a body over the cap.',
    ' */',
    `export class ${apiName}<M extends ResultMode = 'body'> {`,
    ...tags.flatMap((tag) => [
      `  /** The \`${tag}\` operations. */`,
      `  readonly ${propertyName(tag)}: ${groupClassName(tag)}<M>;`,
    ]),
    `  private responses: ${apiName}<'response'> | undefined;`,
    '',
    "  /** @param client - the operation runtime bound to a transport (built by the package's `Client`). */",
    '  constructor(private readonly client: OperationClient) {',
    ...tags.map((tag) => `    this.${propertyName(tag)} = new ${groupClassName(tag)}<M>(client);`),
    '  }',
    '',
    '  /** The same operations, resolving with `{ status, headers, body }` instead of the body alone. */',
    `  withResponse(): ${apiName}<'response'> {`,
    '    if (this.responses === undefined) {',
    `      this.responses = new ${apiName}<'response'>(this.client.withResponse());`,
    '    }',
    '    return this.responses;',
    '  }',
    '}',
    '',
  ].join('\n');
};

const indexSource = (config, tags, groups, modelNames) =>
  [
    `export { ${config.clientName} } from './${config.clientName}';`,
    ...tags.map((tag) => {
      const names = groups.get(tag).map((op) => optionsTypeName(op.operationId));
      return [
        `export { ${groupClassName(tag)} } from './operations/${groupClassName(tag)}';`,
        `export type { ${names.join(', ')} } from './operations/${groupClassName(tag)}';`,
      ].join('\n');
    }),
    ...[...modelNames].sort().map((name) => `export type { ${name} } from './models/${name}';`),
    '',
  ].join('\n');

/**
 * The sources of the operation groups: `operations/<Tag>Operations.ts` per tag (option types, operation specs and
 * the group class), the API class `<clientName>.ts` holding one group per tag, and `index.ts` exporting those and
 * every model.
 *
 * @param {import('../config.mjs').ContractConfig} config
 * @param {object} contract the parsed committed contract
 * @param {Map<string, string>} names schema key → model name
 * @returns {Map<string, string>} file (relative to the generated folder) → source
 */
export const operationGroupSources = (config, contract, names) => {
  const runtime = config.operationGroups.runtime;
  const tagOf = new Map(config.operations.map(([, , operationId, tag]) => [operationId, tag]));
  const groups = new Map(config.tags.map((tag) => [tag, []]));
  forEachOperation(contract, (method, url, operation, pathItem) => {
    const tag = tagOf.get(operation.operationId);
    if (tag === undefined) throw new ContractToolingError(`${operation.operationId} is not in the operation table`);
    groups.get(tag).push(describeOperation(contract, names, method, url, operation, pathItem));
  });
  const tags = config.tags.filter((tag) => groups.get(tag).length > 0);
  const files = new Map();
  for (const tag of tags) {
    files.set(`operations/${groupClassName(tag)}.ts`, groupSource(config, runtime, tag, groups.get(tag)));
  }
  files.set(`${config.clientName}.ts`, apiSource(config, runtime, tags));
  files.set('index.ts', indexSource(config, tags, groups, names.values()));
  return files;
};

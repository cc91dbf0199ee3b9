import { readFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { parseUUID } from '@unikorn-cloud/core-client';
import addFormats from 'ajv-formats';
import { type Document, OpenAPIBackend, type Operation } from 'openapi-backend';
import { parse as parseYaml } from 'yaml';
import { dereference } from './dereference';
import { goPathParameter } from './goPath';
import { FORM_MEDIA_TYPE, mediaTypeOf, parseForm } from './requestBody';

/** An OpenAPI 3.0 contract: a file path (YAML or JSON) or the parsed document. */
export type ContractSource = string | object;

/** How a request's method and routing path resolve against the contract. */
export type RouteMatch =
  | { readonly kind: 'operation'; readonly operation: Operation; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'method_not_allowed' }
  | { readonly kind: 'bad_parameter' }
  | { readonly kind: 'bad_typed_parameter'; readonly operation: Operation; readonly parameter: string };

/** What {@link APIContract.validateRequest} checks. */
export interface ContractRequest {
  readonly method: string;
  /** Path parameter values, already decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, readonly string[]>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The request body text ('' when none). */
  readonly body: string;
}

/** Result of a contract validation: `errors` holds short human-readable messages. */
export interface ContractValidation {
  readonly valid: boolean;
  readonly errors: readonly string[];
}

const byPath = new Map<string, Promise<APIContract>>();
const byObject = new WeakMap<object, Promise<APIContract>>();

function describe(errors: readonly { instancePath?: string; message?: string }[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}

/** Route options of {@link APIContract.route}. */
export interface RouteOptions {
  /**
   * Bind `format: uuid` path parameters as Go's typed IDs (oapi-codegen + `UnmarshalText`): a value Go's uuid grammar
   * rejects routes to `bad_typed_parameter` (Go answers 400 before any authentication), and the value handlers see is
   * the canonical lower-case UUID.
   */
  readonly typedUUIDs?: boolean;
}

/**
 * An OpenAPI contract compiled with openapi-backend (strict, ajv-formats): routing, request and response validation.
 * Validators compile lazily per operation; loading is cached per file path or document object.
 */
export class APIContract {
  private constructor(private readonly api: OpenAPIBackend) {}

  /** Loads (once per path or object) and checks the document; an invalid OpenAPI document rejects. */
  static load(source: ContractSource): Promise<APIContract> {
    if (typeof source === 'string') {
      const key = resolvePath(source);
      let loading = byPath.get(key);
      if (loading === undefined) {
        loading = readFile(key, 'utf8').then((text) => APIContract.build(parseYaml(text) as object));
        byPath.set(key, loading);
        loading.catch(() => byPath.delete(key));
      }
      return loading;
    }
    let loading = byObject.get(source);
    if (loading === undefined) {
      loading = APIContract.build(structuredClone(source));
      byObject.set(source, loading);
      loading.catch(() => byObject.delete(source));
    }
    return loading;
  }

  private static async build(document: object): Promise<APIContract> {
    const checker = new OpenAPIBackend({ definition: structuredClone(document) as Document, strict: true });
    await checker.loadDocument();
    checker.validateDefinition();
    // quick: validators compile on first use (compiling all ~75 operations up front takes seconds).
    const api = new OpenAPIBackend({
      definition: dereference(document) as Document,
      strict: true,
      quick: true,
      ignoreTrailingSlashes: false,
      customizeAjv: (ajv) => {
        addFormats(ajv);
        return ajv;
      },
    });
    await api.init();
    return new APIContract(api);
  }

  /** `info.version` of the contract. */
  get version(): string {
    return this.api.definition.info.version;
  }

  /** Every operationId of the contract. */
  get operationIds(): string[] {
    return this.api.getOperations().flatMap((operation) => operation.operationId ?? []);
  }

  /** The operation with this id, if any. */
  operation(operationId: string): Operation | undefined {
    return this.api.getOperation(operationId);
  }

  /** Whether the operation has security requirements (its own, else the document's). */
  requiresAuthentication(operation: Operation): boolean {
    const requirements = operation.security ?? this.api.definition.security ?? [];
    return requirements.length > 0;
  }

  /**
   * Routes `method` and a Go routing path (see `goRoutingPath`) to an operation and binds its path parameters the
   * way oapi-codegen does (each segment path-unescaped; with `typedUUIDs`, UUID parameters parsed as Go's typed IDs).
   */
  route(method: string, routingPath: string, options: RouteOptions = {}): RouteMatch {
    let operation: Operation;
    try {
      operation = this.api.router.matchOperation({ method, path: routingPath, headers: {} }, true);
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      return { kind: message.startsWith('405') ? 'method_not_allowed' : 'not_found' };
    }
    const template = operation.path.split('/');
    const segments = routingPath.split('/');
    const params: Record<string, string> = {};
    for (const [index, part] of template.entries()) {
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      if (name === undefined) continue;
      const value = goPathParameter(segments[index] ?? '');
      if (value === undefined) return { kind: 'bad_parameter' };
      params[name] = value;
      if (options.typedUUIDs && this.isUUIDPathParameter(operation, name)) {
        try {
          params[name] = parseUUID(value);
        } catch {
          return { kind: 'bad_typed_parameter', operation, parameter: name };
        }
      }
    }
    return { kind: 'operation', operation, params };
  }

  private isUUIDPathParameter(operation: Operation, name: string): boolean {
    return (operation.parameters ?? []).some(
      (parameter) =>
        'in' in parameter &&
        parameter.in === 'path' &&
        parameter.name === name &&
        parameter.schema !== undefined &&
        'format' in parameter.schema &&
        parameter.schema.format === 'uuid',
    );
  }

  /**
   * Validates parameters and body like kin-openapi's request filter: unknown query parameters are ignored, a body on
   * an operation with a request body must have a declared media type and match its schema.
   */
  validateRequest(operation: Operation, request: ContractRequest): ContractValidation {
    const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
      encodeURIComponent(request.params[name] ?? ''),
    );
    const declared = new Set(
      (operation.parameters ?? []).flatMap((parameter) =>
        'in' in parameter && parameter.in === 'query' ? [parameter.name] : [],
      ),
    );
    const query: Record<string, string | string[]> = {};
    for (const [name, values] of Object.entries(request.query)) {
      if (declared.has(name)) query[name] = values.length === 1 ? values[0] : [...values];
    }
    const requestBody = operation.requestBody;
    const mediaType = mediaTypeOf(request.headers['content-type']);
    if (request.body !== '' && requestBody !== undefined && 'content' in requestBody) {
      if (!(mediaType in requestBody.content)) {
        return { valid: false, errors: [`header Content-Type has unexpected value "${mediaType}"`] };
      }
    }
    // A form body is validated as the object of its fields (kin-openapi decodes forms before schema validation).
    let body: unknown = request.body === '' ? undefined : request.body;
    if (body !== undefined && mediaType === FORM_MEDIA_TYPE) {
      body = parseForm(request.body);
      if (body === undefined) return { valid: false, errors: ['the form body is malformed'] };
    }
    const result = this.api.validateRequest(
      {
        method: request.method,
        path,
        headers: { ...request.headers },
        query,
        body,
      },
      operation,
    );
    return { valid: result.valid, errors: describe(result.errors) };
  }

  /**
   * Validates a response against the operation's documented responses: the status must be documented (or a
   * `default` exist), a JSON body must match the schema, and a response without content must have no body.
   *
   * @param body the decoded JSON body, or undefined / '' for none.
   */
  validateResponse(operationId: string, status: number, body: unknown): ContractValidation {
    const operation = this.api.getOperation(operationId);
    if (operation === undefined) throw new Error(`unknown operation ${operationId}`);
    const responses = operation.responses ?? {};
    const documented = responses[String(status)] ?? responses.default;
    if (documented === undefined) return { valid: false, errors: [`status ${status} is not documented`] };
    const hasBody = body !== undefined && body !== '';
    if (!('content' in documented) || documented.content === undefined) {
      return hasBody
        ? { valid: false, errors: ['response has no content but a body was sent'] }
        : { valid: true, errors: [] };
    }
    if (!hasBody) return { valid: false, errors: ['response body missing'] };
    const result = this.api.validateResponse(body, operation, status);
    return { valid: result.valid, errors: describe(result.errors) };
  }
}

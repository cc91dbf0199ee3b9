/**
 * The delegated principal: who a service-to-service request is acting for (identity `pkg/principal`).
 */

import { marshalGoJSON } from '@unikorn-cloud/core-client';
import { PrincipalHeaderError } from './inbound/errors';

/** The kind of actor a principal describes. */
export type PrincipalType = 'user' | 'service' | 'system';

/**
 * Who a request is acting for. Field order and JSON names match the Go struct; every field is optional and
 * empty values are omitted on the wire (`omitempty`).
 */
export interface Principal {
  /** The organization the request is scoped to. */
  organizationId?: string;
  /** Every organization the actor belongs to. */
  organizationIds?: string[];
  /** The project the request is scoped to. */
  projectId?: string;
  /** The kind of actor. */
  type?: PrincipalType;
  /** The actor: an email address, a service identifier or a service account name. */
  actor?: string;
}

function nonEmptyString(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function nonEmptyArray(value: string[] | undefined): string[] | undefined {
  return value === undefined || value.length === 0 ? undefined : value;
}

/**
 * The principal as a plain object holding only its non-empty fields, in Go struct order (`organizationId`,
 * `organizationIds`, `projectId`, `type`, `actor`). Unknown extra properties are dropped.
 */
export function normalizePrincipal(principal: Principal): Principal {
  const normal: Principal = {};
  const organizationId = nonEmptyString(principal.organizationId);
  const organizationIds = nonEmptyArray(principal.organizationIds);
  const projectId = nonEmptyString(principal.projectId);
  const type = nonEmptyString(principal.type);
  const actor = nonEmptyString(principal.actor);
  if (organizationId !== undefined) normal.organizationId = organizationId;
  if (organizationIds !== undefined) normal.organizationIds = [...organizationIds];
  if (projectId !== undefined) normal.projectId = projectId;
  if (type !== undefined) normal.type = type as PrincipalType;
  if (actor !== undefined) normal.actor = actor;
  return normal;
}

function sameStrings(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) {
    if (a[index] !== b[index]) return false;
  }
  return true;
}

/**
 * Whether two principals have exactly the same field values, compared field by field without marshalling (cheap
 * enough for every request). An empty string or array is not the same as a missing field here: callers use it for
 * caches, where a miss only costs a re-encode.
 */
export function samePrincipal(a: Principal, b: Principal): boolean {
  return (
    a.organizationId === b.organizationId &&
    a.projectId === b.projectId &&
    a.type === b.type &&
    a.actor === b.actor &&
    sameStrings(a.organizationIds, b.organizationIds)
  );
}

/**
 * Serialises a principal exactly like Go's `json.Marshal(principal.Principal)`: fields in struct order, empty
 * strings, empty arrays and missing fields omitted (`omitempty`), HTML characters escaped.
 */
export function marshalPrincipal(principal: Principal): string {
  return marshalGoJSON(normalizePrincipal(principal));
}

/** Encodes a principal for the `X-Principal` header of the API path: unpadded base64url of its Go JSON. */
export function encodePrincipalHeader(principal: Principal): string {
  return Buffer.from(marshalPrincipal(principal), 'utf8').toString('base64url');
}

const unpaddedBase64url = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes bytes like Go's `base64.RawURLEncoding.DecodeString`: only the URL-safe alphabet, no `=` padding,
 * and a length that unpadded base64 can have. Returns undefined when the text is not such an encoding.
 */
export function decodeUnpaddedBase64url(value: string): Buffer | undefined {
  if (!unpaddedBase64url.test(value) || value.length % 4 === 1) {
    return undefined;
  }
  return Buffer.from(value, 'base64url');
}

const principalFields = ['organizationId', 'organizationIds', 'projectId', 'type', 'actor'] as const;
type PrincipalField = (typeof principalFields)[number];

// Go's json.Unmarshal matches object keys to struct fields case-insensitively; the last matching key wins.
function fieldValues(record: Record<string, unknown>): Map<PrincipalField, unknown> {
  const values = new Map<PrincipalField, unknown>();
  for (const [key, value] of Object.entries(record)) {
    const field = principalFields.find((name) => name.toLowerCase() === key.toLowerCase());
    if (field !== undefined) {
      values.set(field, value);
    }
  }
  return values;
}

function optionalString(field: PrincipalField, value: unknown): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new PrincipalHeaderError(`principal field ${field} is not a string`);
  }
  return value === '' ? undefined : value;
}

function optionalStringArray(field: PrincipalField, value: unknown): string[] | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new PrincipalHeaderError(`principal field ${field} is not a string array`);
  }
  return value.length === 0 ? undefined : [...value];
}

/**
 * Builds a {@link Principal} from decoded JSON like Go's `json.Unmarshal` into the struct: keys match fields
 * case-insensitively, unknown fields are ignored, a wrongly typed field is an error, empty values are dropped.
 * The `type` value is not restricted (Go's type is a plain string).
 */
export function principalFromJSON(value: unknown): Principal {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PrincipalHeaderError('principal is not a JSON object');
  }
  const values = fieldValues(value as Record<string, unknown>);
  return normalizePrincipal({
    organizationId: optionalString('organizationId', values.get('organizationId')),
    organizationIds: optionalStringArray('organizationIds', values.get('organizationIds')),
    projectId: optionalString('projectId', values.get('projectId')),
    type: optionalString('type', values.get('type')) as PrincipalType | undefined,
    actor: optionalString('actor', values.get('actor')),
  });
}

/**
 * Decodes an unsigned `X-Principal` value (strict unpadded base64url of JSON). Anything else — including
 * padded base64url, which a Go server treats as a JWS — throws a {@link PrincipalHeaderError}.
 */
export function decodePrincipalHeader(value: string): Principal {
  const bytes = decodeUnpaddedBase64url(value);
  if (bytes === undefined) {
    throw new PrincipalHeaderError('principal header is not unpadded base64url');
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new PrincipalHeaderError('principal header is not valid JSON');
  }
  return principalFromJSON(json);
}

/**
 * The delegated principal: who a service-to-service request is acting for (identity `pkg/principal`).
 */

import { decodeRawURLBase64, marshalGoJSON } from '@unikorn-cloud/core-client';
import { PrincipalHeaderError } from './inbound/errors';
import { parseGoJSON } from './inbound/goJsonDecode';

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

/**
 * Decodes bytes like Go's `base64.RawURLEncoding.DecodeString`: only the URL-safe alphabet, no `=` padding,
 * and a length that unpadded base64 can have (`\r` and `\n` are skipped, as Go skips them). Returns undefined
 * when the text is not such an encoding.
 */
export function decodeUnpaddedBase64url(value: string): Buffer | undefined {
  return decodeRawURLBase64(value);
}

const principalFields = ['organizationId', 'organizationIds', 'projectId', 'type', 'actor'] as const;
type PrincipalField = (typeof principalFields)[number];

// Go encoding/json matches object keys to fields with its fold: ASCII upper-cased, any other rune mapped through
// ToUpper(ToLower(r)). Only ſ (U+017F), ı (U+0131) and the Kelvin sign (U+212A) fold onto ASCII letters.
function goFold(name: string): string {
  let folded = '';
  for (const char of name) {
    if (char === '\u017f') folded += 'S';
    else if (char === '\u0131') folded += 'I';
    else if (char === '\u212a') folded += 'K';
    else folded += char.charCodeAt(0) < 0x80 ? char.toUpperCase() : char;
  }
  return folded;
}

const foldedFields = new Map(principalFields.map((field) => [goFold(field), field]));

// Go's json.Unmarshal matches object keys to struct fields case-insensitively; the last matching key wins.
function fieldValues(record: Record<string, unknown>): Map<PrincipalField, unknown> {
  const values = new Map<PrincipalField, unknown>();
  for (const key of Object.keys(record)) {
    const field = foldedFields.get(goFold(key));
    // Go: null leaves a string field as it was, and sets a slice to nil.
    if (field !== undefined && (record[key] !== null || field === 'organizationIds')) {
      values.set(field, record[key]);
    }
  }
  return values;
}

// A JSON null leaves a Go field as it was (empty).
function optionalString(field: PrincipalField, value: unknown): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new PrincipalHeaderError(`principal field ${field} is not a string`);
  }
  return value === '' ? undefined : value;
}

// Go decodes a null element of a string slice as "" and keeps it (a non-empty slice is not omitted).
function optionalStringArray(field: PrincipalField, value: unknown): string[] | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' || item === null)) {
    throw new PrincipalHeaderError(`principal field ${field} is not a string array`);
  }
  return value.length === 0 ? undefined : value.map((item: string | null) => item ?? '');
}

/**
 * Builds a {@link Principal} from decoded JSON like Go's `json.Unmarshal` into the struct: JSON `null` is the empty
 * principal, keys match fields with Go's case folding, unknown fields are ignored, `null` leaves a field empty, a
 * `null` list element is `""`, a wrongly typed field is an error, empty values are dropped. The `type` value is
 * not restricted (Go's type is a plain string).
 */
export function principalFromJSON(value: unknown): Principal {
  if (value === null) {
    return {};
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
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
    json = parseGoJSON(bytes);
  } catch (cause) {
    throw new PrincipalHeaderError('principal header is not valid JSON', { cause });
  }
  return principalFromJSON(json);
}

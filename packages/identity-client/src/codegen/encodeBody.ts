/**
 * Request bodies as a Go client writes them: JSON with Go's `encoding/json` (key order as built, `<` `>` `&`
 * escaped), forms with Go's `url.Values.Encode`; strings and bytes as given.
 */

import { marshalGoJSON, TypeConversionError } from '@unikorn-cloud/core-client';
import { encodeForm } from './formBody';

/** The body fields of a generated request. */
export interface BodyParts {
  readonly body?: unknown;
  /** Form fields of an `application/x-www-form-urlencoded` operation. */
  readonly formData?: Readonly<Record<string, unknown>>;
  readonly mediaType?: string;
}

/**
 * Encodes a request body for the wire.
 *
 * @throws TypeConversionError for form fields of a media type other than `application/x-www-form-urlencoded`.
 */
export function encodeBody({ body, formData, mediaType }: BodyParts): unknown {
  if (formData !== undefined) {
    if (mediaType !== 'application/x-www-form-urlencoded') {
      throw new TypeConversionError(`form bodies of type ${mediaType ?? '(none)'} are not supported`);
    }
    return encodeForm(formData);
  }
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) return body;
  if (mediaType === 'application/x-www-form-urlencoded' && typeof body === 'object' && body !== null) {
    return encodeForm(body as Record<string, unknown>);
  }
  return mediaType === undefined || /json/i.test(mediaType) ? marshalGoJSON(body) : body;
}

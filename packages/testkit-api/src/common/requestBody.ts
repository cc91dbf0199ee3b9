/** Media type of a form body. */
export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** The media type of a `Content-Type` value, lower case, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * A form body as Go's `url.ParseQuery` reads it, as an object: each field's first value (`r.PostForm.Get`), or every
 * value when the field repeats. Undefined for a malformed form.
 */
export function parseForm(text: string): Record<string, string | string[]> | undefined {
  if (/%(?![0-9A-Fa-f]{2})/.test(text) || text.includes(';')) return undefined;
  const form: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const known = form[name];
    form[name] = known === undefined ? value : [...(Array.isArray(known) ? known : [known]), value];
  }
  return form;
}

/** The decoded body a handler sees: a JSON value, a form object, or undefined when empty or undecodable. */
export function decodeRequestBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (mediaTypeOf(contentType) === FORM_MEDIA_TYPE) return parseForm(text);
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

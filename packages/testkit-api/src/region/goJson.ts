/**
 * JSON text as Go `encoding/json` writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped; undefined fields dropped.
 * Object keys keep the order given (Go writes struct fields in declaration order).
 */
export function goJSON(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

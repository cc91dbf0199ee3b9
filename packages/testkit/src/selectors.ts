/**
 * List selectors as the Kubernetes API server reads them: `labelSelector` (equality- and set-based requirements,
 * `k8s.io/apimachinery/pkg/labels`) and `fieldSelector` (`metadata.name` and `metadata.namespace`, which is what
 * the API server supports for every resource type).
 */

import type { StoredObject } from './objectStore';

/** A selector that could not be parsed; the message is what the API server answers with (400 BadRequest). */
export class SelectorError extends Error {
  override readonly name = 'SelectorError';
}

type Predicate = (object: StoredObject) => boolean;

const NAME = '[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
const PREFIX = '[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?';
const KEY = `(?:${PREFIX}/)?${NAME}`;
const VALUE = `(?:${NAME})?`;
const keyPattern = new RegExp(`^${KEY}$`);
const valuePattern = new RegExp(`^${VALUE}$`);

/** Splits on commas outside parentheses. */
function terms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += char;
  }
  out.push(current);
  return out.map((term) => term.trim());
}

function checkKey(key: string): string {
  if (!keyPattern.test(key)) throw new SelectorError(`unable to parse requirement: invalid label key "${key}"`);
  return key;
}

function checkValue(value: string): string {
  if (!valuePattern.test(value))
    throw new SelectorError(`unable to parse requirement: invalid label value: "${value}"`);
  return value;
}

const labelsOf = (object: StoredObject): Readonly<Record<string, string>> => object.metadata.labels ?? {};
const has = (object: StoredObject, key: string) => Object.hasOwn(labelsOf(object), key);

function requirement(term: string): Predicate {
  if (term === '') throw new SelectorError("unable to parse requirement: found '', expected: identifier");
  let match = /^!\s*(\S+)$/.exec(term);
  if (match) {
    const key = checkKey(match[1]);
    return (object) => !has(object, key);
  }
  match = /^(\S+?)\s+(in|notin)\s*\(([^()]*)\)$/.exec(term);
  if (match) {
    const key = checkKey(match[1]);
    const values = new Set(match[3].split(',').map((value) => checkValue(value.trim())));
    return match[2] === 'in'
      ? (object) => has(object, key) && values.has(labelsOf(object)[key])
      : (object) => !has(object, key) || !values.has(labelsOf(object)[key]);
  }
  match = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(\S*)$/.exec(term);
  if (match) {
    const [, rawKey, operator, rawValue] = match;
    const key = checkKey(rawKey);
    if (operator === '>' || operator === '<') {
      if (!/^-?\d+$/.test(rawValue)) {
        throw new SelectorError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
      }
      const bound = Number(rawValue);
      return (object) => {
        const actual = labelsOf(object)[key];
        if (actual === undefined || !/^-?\d+$/.test(actual)) return false;
        return operator === '>' ? Number(actual) > bound : Number(actual) < bound;
      };
    }
    const value = checkValue(rawValue);
    return operator === '!='
      ? (object) => labelsOf(object)[key] !== value
      : (object) => has(object, key) && labelsOf(object)[key] === value;
  }
  const key = checkKey(term);
  return (object) => has(object, key);
}

/**
 * Compiles a `labelSelector` query value; an empty or absent selector matches everything.
 *
 * @throws SelectorError for a selector the API server would reject.
 */
export function parseLabelSelector(selector: string | null | undefined): Predicate {
  if (selector === null || selector === undefined || selector.trim() === '') return () => true;
  const predicates = terms(selector).map(requirement);
  return (object) => predicates.every((predicate) => predicate(object));
}

const FIELDS: Readonly<Record<string, (object: StoredObject) => string>> = {
  'metadata.name': (object) => object.metadata.name,
  'metadata.namespace': (object) => object.metadata.namespace ?? '',
};

/**
 * Compiles a `fieldSelector` query value (`metadata.name` / `metadata.namespace` with `=`, `==` or `!=`).
 *
 * @throws SelectorError `field label not supported: <field>` for any other field.
 */
export function parseFieldSelector(selector: string | null | undefined): Predicate {
  if (selector === null || selector === undefined || selector.trim() === '') return () => true;
  const predicates = terms(selector).map((term): Predicate => {
    const match = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!match) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    const [, field, operator, value] = match;
    const read = FIELDS[field];
    if (read === undefined) throw new SelectorError(`field label not supported: ${field}`);
    return operator === '!=' ? (object) => read(object) !== value : (object) => read(object) === value;
  });
  return (object) => predicates.every((predicate) => predicate(object));
}

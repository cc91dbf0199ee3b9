/**
 * Property test of `principalFromResource` against a model of Go's principal-from-resource precedence (the
 * principal label/annotation wins when present, else the plain one), written independently of the
 * implementation: for any labels/annotations maps (missing, null, empty, holding the principal keys with any
 * values, or unrelated keys), the result is exactly the model's principal or the model's consistency error.
 *
 * fast-check prints `{ seed, path }` with the counterexample on failure; replay with `FC_SEED=<seed> FC_PATH=<path>`.
 */

import { describe, expect, it } from '@jest/globals';
import { ConsistencyError, UnikornError } from '@unikorn-cloud/core-client';
import fc from 'fast-check';
import { decodePrincipalHeader, encodePrincipalHeader, type Principal, principalFromResource } from '../src';

function runSettings<T>(): fc.Parameters<T> {
  const seed = process.env.FC_SEED;
  return seed === undefined ? { numRuns: 1000 } : { numRuns: 1000, seed: Number(seed), path: process.env.FC_PATH };
}

// The organization/project labels and creator annotations with their principal variants, spelled out rather than
// imported so the model is independent.
const organization = 'unikorn-cloud.org/organization';
const project = 'unikorn-cloud.org/project';
const creator = 'unikorn-cloud.org/creator';
const principalKey = (key: string) => `principal.${key}`;

const interestingKeys = [
  organization,
  project,
  creator,
  principalKey(organization),
  principalKey(project),
  principalKey(creator),
  'unikorn-cloud.org/name',
  'principal.unikorn-cloud.org/modifier',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
];

type StringMap = Record<string, string>;

/** A map as Kubernetes JSON decoding may produce it: absent, null, or keys from the interesting set or anything. */
const value = fc.oneof({ arbitrary: fc.constant(''), weight: 1 }, { arbitrary: fc.string(), weight: 3 });
const map = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...interestingKeys), fc.string()), value), { maxLength: 8 })
  .map((entries) => {
    const result: StringMap = {};
    for (const [key, entry] of entries) {
      Object.defineProperty(result, key, { value: entry, enumerable: true, writable: true, configurable: true });
    }
    return result;
  });
const maybeMap = fc.oneof(
  { arbitrary: map, weight: 8 },
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
);
const metadata = fc.oneof(
  { arbitrary: fc.record({ labels: maybeMap, annotations: maybeMap }, { requiredKeys: [] }), weight: 10 },
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
);

/** Go `m[key]` with `ok`: only the map's own keys exist. */
const lookup = (values: StringMap, key: string): string | undefined =>
  Object.keys(values).includes(key) ? values[key] : undefined;

/** Go's precedence: the principal key wins whenever it is present (even empty), else the plain key; empty values omitted. */
const preferred = (values: StringMap, key: string): string | undefined => {
  const chosen = Object.keys(values).includes(principalKey(key))
    ? lookup(values, principalKey(key))
    : lookup(values, key);
  return chosen === '' ? undefined : chosen;
};

type Expected = { principal: Principal } | { error: string };

function model(meta: { labels?: StringMap | null; annotations?: StringMap | null } | null | undefined): Expected {
  const labels = meta?.labels;
  const annotations = meta?.annotations;
  if (labels === undefined || labels === null) {
    return { error: 'consistency error: labels missing from resource' };
  }
  if (annotations === undefined || annotations === null) {
    return { error: 'consistency error: annotations missing from resource' };
  }
  const principal: Principal = {};
  const organizationId = preferred(labels, organization);
  const projectId = preferred(labels, project);
  const actor = preferred(annotations, creator);
  if (organizationId !== undefined) principal.organizationId = organizationId;
  if (projectId !== undefined) principal.projectId = projectId;
  if (actor !== undefined) principal.actor = actor;
  return { principal };
}

describe('principalFromResource properties', () => {
  it('result or consistency error matches the precedence model for arbitrary labels and annotations', () => {
    fc.assert(
      fc.property(metadata, (meta) => {
        const expected = model(meta);
        const snapshot = JSON.stringify(meta);
        let actual: Expected;
        try {
          actual = { principal: principalFromResource({ metadata: meta }) };
        } catch (error) {
          if (!(error instanceof ConsistencyError)) {
            throw error;
          }
          actual = { error: error.message };
        }
        expect(actual).toEqual(expected);
        if ('principal' in actual) {
          // Only the three fields Go reads from a resource, in Go struct order; type and organizationIds are never set.
          const order = ['organizationId', 'projectId', 'actor'];
          expect(Object.keys(actual.principal)).toEqual(order.filter((key) => key in actual.principal));
          // The principal survives the unsigned header encoding.
          expect(decodePrincipalHeader(encodePrincipalHeader(actual.principal))).toEqual(actual.principal);
        }
        // The resource is only read.
        expect(JSON.stringify(meta)).toBe(snapshot);
      }),
      runSettings(),
    );
  });

  it('a present principal key always wins, even when empty', () => {
    const keyed = fc.record({
      plain: fc.string(),
      override: value,
      annotation: fc.string(),
      annotationOverride: value,
    });
    fc.assert(
      fc.property(keyed, ({ plain, override, annotation, annotationOverride }) => {
        const principal = principalFromResource({
          metadata: {
            labels: { [organization]: plain, [principalKey(organization)]: override },
            annotations: { [creator]: annotation, [principalKey(creator)]: annotationOverride },
          },
        });
        expect(principal.organizationId).toBe(override === '' ? undefined : override);
        expect(principal.actor).toBe(annotationOverride === '' ? undefined : annotationOverride);
        expect(principal.projectId).toBeUndefined();
      }),
      runSettings(),
    );
  });

  it('throws only ConsistencyError (a UnikornError) and nothing else', () => {
    fc.assert(
      fc.property(metadata, (meta) => {
        try {
          principalFromResource({ metadata: meta });
        } catch (error) {
          expect(error).toBeInstanceOf(UnikornError);
          expect(error).toBeInstanceOf(ConsistencyError);
        }
      }),
      runSettings(),
    );
  });
});

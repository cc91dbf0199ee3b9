import { describe, expect, it } from '@jest/globals';
import { ConsistencyError } from '@unikorn-cloud/core-client';
import { principalFromResource } from '../src';

describe('principalFromResource', () => {
  it('labels nil gives consistency error: labels missing from resource; annotations nil gives annotations missing', () => {
    expect(() => principalFromResource({ metadata: { annotations: {} } })).toThrow(ConsistencyError);
    expect(() => principalFromResource({ metadata: { annotations: {} } })).toThrow(
      'consistency error: labels missing from resource',
    );
    expect(() => principalFromResource({ metadata: { labels: {} } })).toThrow(
      'consistency error: annotations missing from resource',
    );
    expect(() => principalFromResource({})).toThrow('consistency error: labels missing from resource');
    expect(principalFromResource({ metadata: { labels: {}, annotations: {} } })).toEqual({});
  });

  it('principal labels override plain ones, and a present-but-empty principal label wins (field omitted)', () => {
    const resource = {
      metadata: {
        labels: {
          'unikorn-cloud.org/organization': 'A',
          'principal.unikorn-cloud.org/organization': 'B',
          'unikorn-cloud.org/project': 'P',
        },
        annotations: { 'unikorn-cloud.org/creator': 'x', 'principal.unikorn-cloud.org/creator': 'y' },
      },
    };
    expect(principalFromResource(resource)).toEqual({ organizationId: 'B', projectId: 'P', actor: 'y' });

    const empty = {
      metadata: {
        labels: { 'unikorn-cloud.org/organization': 'A', 'principal.unikorn-cloud.org/organization': '' },
        annotations: { 'unikorn-cloud.org/creator': 'x' },
      },
    };
    expect(principalFromResource(empty)).toEqual({ actor: 'x' });
  });
});

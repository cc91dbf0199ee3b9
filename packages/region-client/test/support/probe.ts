/**
 * Learns which group method sends which operation: every method of a `RegionAPI` built on a recording runtime is
 * called once with empty options and the spec it hands the runtime is kept.
 */

import type { OperationClient, OperationSpec } from '@unikorn-cloud/identity-client';
import { RegionAPI } from '../../src/generated';

/** One method of the generated groups and the operation it sends. */
export interface ProbedMethod {
  readonly group: string;
  readonly method: string;
  readonly spec: OperationSpec;
}

/** Every method of every group of the generated region API. */
export function probeRegionAPI(): ProbedMethod[] {
  let last: OperationSpec | undefined;
  const recorder = {
    call: (spec: OperationSpec) => {
      last = spec;
      return Promise.resolve(undefined);
    },
    withResponse: () => recorder,
  };
  const api = new RegionAPI(recorder as unknown as OperationClient);
  const probed: ProbedMethod[] = [];
  for (const [group, instance] of Object.entries(api)) {
    if (typeof instance !== 'object' || instance === null || group === 'client' || group === 'responses') continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const method of Object.getOwnPropertyNames(prototype)) {
      const fn = prototype[method];
      if (method === 'constructor' || typeof fn !== 'function') continue;
      last = undefined;
      void (fn as (options: object) => Promise<unknown>).call(instance, {});
      if (last === undefined) throw new Error(`${group}.${method} sent nothing`);
      probed.push({ group, method, spec: last });
    }
  }
  return probed;
}

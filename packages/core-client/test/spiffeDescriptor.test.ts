import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';

describe('Workload API descriptor', () => {
  it('the client copy (core-client) and the fake server copy (testkit) are byte-identical', async () => {
    const [client, server] = await Promise.all([
      readFile(new URL('../src/credentials/spiffe/workloadDescriptor.ts', import.meta.url), 'utf8'),
      readFile(new URL('../../testkit/src/spiffe/workloadDescriptor.ts', import.meta.url), 'utf8'),
    ]);
    expect(server).toBe(client);
  });
});

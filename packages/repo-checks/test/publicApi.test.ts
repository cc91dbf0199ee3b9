import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { PUBLISHED_PACKAGES, snapshotFile } from '../../../scripts/check/publicApi.mjs';

const root = path.resolve(import.meta.dirname, '../../..');

// The built packages' public API (runtime export names of both entries, every declared export with its declaration
// text) against the committed `packages/<name>/public-api.json`. A moved file, a renamed internal or a refactoring
// must leave it as it is; an intended API change updates the snapshot with `node scripts/public-api.mjs --write`.
describe('the public API of every published package is the committed one', () => {
  const current = JSON.parse(
    execFileSync(process.execPath, [path.join(root, 'scripts', 'public-api.mjs'), '--print'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  ) as Record<string, { esm: string[]; cjs: string[]; declarations: Record<string, unknown> }>;

  it.each(PUBLISHED_PACKAGES)('%s', (name) => {
    const snapshot = JSON.parse(readFileSync(snapshotFile(root, name), 'utf8'));
    expect(current[name]).toEqual(snapshot);
  });

  it('the ESM and CommonJS entries export the same names, and every value is declared', () => {
    for (const name of PUBLISHED_PACKAGES) {
      const api = current[name];
      expect(api?.cjs).toEqual(api?.esm);
      const undeclared = (api?.esm ?? []).filter((value) => !(value in (api?.declarations ?? {})));
      expect(undeclared).toEqual([]);
    }
  });
});

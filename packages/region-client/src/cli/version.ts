/** The version of this package, read from its package.json (found from this module, in src/ or dist/). */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = '@unikorn-cloud/region-client';

/** The `version` field of region-client's package.json, or `unknown` when it cannot be found. */
export function packageVersion(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === PACKAGE_NAME) return manifest.version ?? 'unknown';
  }
  return 'unknown';
}

#!/usr/bin/env node
// Writes (--write) or compares (default) the public API snapshot `packages/<name>/public-api.json` of every
// published package against its built `dist/`. Build first: `pnpm build`.
//   node scripts/public-api.mjs           exits 1 and names the packages whose API differs from the snapshot
//   node scripts/public-api.mjs --write   records the current API (only for an intended change of the API)
//   node scripts/public-api.mjs --print   prints the current API of every published package as one JSON object
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PUBLISHED_PACKAGES, publicApi, snapshotFile } from './check/publicApi.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const write = process.argv.includes('--write');
if (process.argv.includes('--print')) {
  const all = {};
  for (const name of PUBLISHED_PACKAGES) all[name] = await publicApi(join(root, 'packages', name));
  process.stdout.write(`${JSON.stringify(all)}\n`);
}
let differs = 0;
for (const name of process.argv.includes('--print') ? [] : PUBLISHED_PACKAGES) {
  const api = await publicApi(join(root, 'packages', name));
  const file = snapshotFile(root, name);
  if (write) {
    writeFileSync(file, `${JSON.stringify(api, null, 2)}\n`);
    process.stdout.write(`wrote ${file}\n`);
  } else if (!existsSync(file) || JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))) !== JSON.stringify(api)) {
    differs += 1;
    process.stdout.write(`${name}: public API differs from ${file}\n`);
  }
}
process.exitCode = differs === 0 ? 0 : 1;

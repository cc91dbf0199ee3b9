#!/usr/bin/env node
// Runs after tsup in every library package (cwd = the package). tsup builds the package once, as an ES module
// (dist/index.js + dist/index.d.ts). For each `exports` entry with a `require` condition this writes:
//
//   dist/index.cjs    module.exports = require('./index.js'): the CommonJS entry *is* the ES module instance,
//                     loaded through Node's require(esm) (Node >= 22.12; the packages need >= 22.19). A process
//                     that both require()s and imports a package gets one module graph: one principal context
//                     store, one dispatcher cache, one set of error classes (`instanceof` holds across both).
//   dist/index.d.cts  the same declarations, for CommonJS consumers. Imports of ESM-only packages
//                     (@kubernetes/client-node) become `import type … with { 'resolution-mode': 'import' }`:
//                     without that, TypeScript under `module: node16` rejects them in a CommonJS declaration file
//                     (TS1479 / TS1541) even with the types only.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const packageDir = process.cwd();
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));

const fail = (message) => {
  process.stderr.write(`commonjs-entry (${manifest.name}): ${message}\n`);
  process.exit(1);
};

/** The package.json of dependency `name` as Node would find it from this package, or undefined. */
const dependencyManifest = (name) => {
  for (let dir = packageDir; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
    if (dirname(dir) === dir) return undefined;
  }
};

const hasRequireCondition = (node) =>
  node !== null && typeof node === 'object' && ('require' in node || Object.values(node).some(hasRequireCondition));

/** True when `require(name)` cannot give CommonJS types or code: the package is an ES module only. */
const esmOnlyCache = new Map();
const isEsmOnly = (specifier) => {
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return false;
  if (!esmOnlyCache.has(name)) {
    const dependency = dependencyManifest(name);
    if (!dependency) fail(`cannot find ${name} (imported by the declarations) from ${packageDir}`);
    const { exports } = dependency;
    const root = exports && typeof exports === 'object' && '.' in exports ? exports['.'] : exports;
    esmOnlyCache.set(
      name,
      root ? !hasRequireCondition(root) && dependency.type === 'module' : dependency.type === 'module',
    );
  }
  return esmOnlyCache.get(name);
};

const ATTRIBUTE = "with { 'resolution-mode': 'import' }";

/** The CommonJS flavour of an ES module declaration file (see the header). */
const commonjsDeclarations = (text) =>
  text
    .replace(
      /^(import|export)\s+(type\s+)?((?:[^;'"]|\n)*?)\s+from\s+(['"])([^'"]+)\4;$/gm,
      (statement, keyword, _type, clause, quote, specifier) =>
        isEsmOnly(specifier) ? `${keyword} type ${clause} from ${quote}${specifier}${quote} ${ATTRIBUTE};` : statement,
    )
    .replace(/\bimport\((['"])([^'"]+)\1\)/g, (expression, quote, specifier) =>
      isEsmOnly(specifier)
        ? `import(${quote}${specifier}${quote}, { with: { 'resolution-mode': 'import' } })`
        : expression,
    );

const entries = [];
const collect = (node) => {
  if (node === null || typeof node !== 'object') return;
  const { import: esm, require: cjs } = node;
  if (esm && cjs) entries.push({ esm, cjs });
  else for (const value of Object.values(node)) collect(value);
};
collect(manifest.exports);
if (entries.length === 0) fail('no exports entry with both import and require conditions');

for (const { esm, cjs } of entries) {
  const js = resolve(packageDir, esm.default);
  const types = resolve(packageDir, esm.types);
  if (!existsSync(js) || !existsSync(types)) fail(`tsup did not write ${esm.default} and ${esm.types}`);
  const relative = `./${js.slice(dirname(resolve(packageDir, cjs.default)).length + 1)}`;
  writeFileSync(
    resolve(packageDir, cjs.default),
    [
      "'use strict';",
      `// CommonJS entry of ${manifest.name}: the package's one ES module instance (${relative}), loaded through`,
      "// Node's require(esm), so require() and import share one module graph.",
      'try {',
      `  module.exports = require('${relative}');`,
      '} catch (error) {',
      "  if (error && error.code === 'ERR_REQUIRE_ESM')",
      '    throw new Error(',
      `      '${manifest.name} is an ES module; require() of it needs Node.js >= 22.12 (use import, or upgrade Node)',`,
      '      { cause: error },',
      '    );',
      '  throw error;',
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(resolve(packageDir, cjs.types), commonjsDeclarations(readFileSync(types, 'utf8')));
}

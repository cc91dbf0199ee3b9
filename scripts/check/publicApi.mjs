// The public API of a built package as its users get it: the value names of its ESM and CommonJS entries and, from
// its bundled `.d.ts`, every exported name with what it declares (its declaration text, comments dropped). A
// committed snapshot of this per published package (see scripts/public-api.mjs) makes a change of the public surface
// visible in review and fails the repository checks until the snapshot is updated on purpose.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** The published packages whose API is snapshotted, by folder under `packages/`. */
export const PUBLISHED_PACKAGES = ['core-client', 'identity-client', 'region-client'];

/** Names a module namespace carries that are no export of the package. */
const NOT_EXPORTS = new Set(['default', '__esModule', 'module.exports']);

function runtimeNames(moduleObject) {
  return Object.keys(moduleObject)
    .filter((name) => !NOT_EXPORTS.has(name))
    .sort();
}

/** Declaration text of one declaration node, with comments and the `declare`/`export` noise normalised away. */
function declarationText(printer, node) {
  const text = printer.printNode(ts.EmitHint.Unspecified, node, node.getSourceFile());
  return text
    .replace(/^(export\s+)?(declare\s+)?/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Every export of a bundled declaration file: `{ name: { kind, declarations } }`, `kind` being `value`, `type` or
 * `value+type`, `declarations` the texts of what the name resolves to (aliases followed).
 */
function declaredExports(dtsFile) {
  const program = ts.createProgram([dtsFile], {
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(dtsFile);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const printer = ts.createPrinter({ removeComments: true });
  const result = {};
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const value = (target.flags & ts.SymbolFlags.Value) !== 0;
    const type = (target.flags & ts.SymbolFlags.Type) !== 0;
    const kind = value && type ? 'value+type' : value ? 'value' : 'type';
    const declarations = (target.declarations ?? []).map((node) => declarationText(printer, node)).sort();
    result[exported.name] = { kind, declarations };
  }
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The public API of the built package in `packageDir` (run its build first).
 *
 * @returns `{ esm, cjs, declarations, declarationsCjs }`: value names of both entries, sorted, and the exports of
 *   both declaration files (see {@link declaredExports}).
 */
export async function publicApi(packageDir) {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const entry = manifest.exports['.'];
  const esm = await import(pathToFileURL(join(packageDir, entry.import.default)).href);
  const cjs = createRequire(join(packageDir, 'package.json'))(join(packageDir, entry.require.default));
  return {
    esm: runtimeNames(esm),
    cjs: runtimeNames(cjs),
    declarations: declaredExports(join(packageDir, entry.import.types)),
    declarationsCjs: declaredExports(join(packageDir, entry.require.types)),
  };
}

/** The committed snapshot file of a published package. */
export function snapshotFile(root, name) {
  return join(root, 'packages', name, 'public-api.json');
}

// Import rules of every package's source, checked by `pnpm lint:deps` (a step of scripts/check.mjs, after the build,
// so imports of sibling packages resolve to their built entries). Type-only imports count like any other.
//   - no import cycles, inside a package or across packages;
//   - packages depend only downwards: region-client -> identity-client -> core-client;
//   - published code never imports the test kits, the repository checks or the contract tooling;
//   - core-client's credential sources plug into the credential base: the base never imports a source, and no
//     source imports another (a new source is one new folder plus one line in credentials/sources.ts).

/** Where a package's code lives once resolved: its source or its built entry (a sibling package's import). */
const pkg = (name) => [`^packages/${name}/`, `^@unikorn-cloud/${name}($|/)`];
const published = '^packages/(core-client|identity-client|region-client)/src/';
const credentials = '^packages/core-client/src/credentials/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files that import each other in a loop (type imports included) cannot be read or moved one at a time.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-the-base',
      severity: 'error',
      comment: 'core-client knows nothing of identity or region.',
      from: { path: '^packages/core-client/src/' },
      to: { path: [...pkg('identity-client'), ...pkg('region-client')] },
    },
    {
      name: 'identity-below-region',
      severity: 'error',
      comment: 'identity-client sits below region-client.',
      from: { path: '^packages/identity-client/src/' },
      to: { path: pkg('region-client') },
    },
    {
      name: 'published-code-stays-clean',
      severity: 'error',
      comment: 'Published packages never import the test kits, the repository checks or the contract tooling.',
      from: { path: published },
      to: {
        path: [...pkg('testkit'), ...pkg('testkit-api'), ...pkg('repo-checks'), ...pkg('contract-tooling')],
      },
    },
    {
      name: 'credential-base-knows-no-source',
      severity: 'error',
      comment:
        'The credential base defines what a source is; it never imports one (only credentials/sources.ts lists them; the folder entry index.ts re-exports their public names).',
      from: { path: `${credentials}[^/]+$`, pathNot: `${credentials}(sources|index)\\.ts$` },
      to: { path: `${credentials}[^/]+/` },
    },
    {
      name: 'credential-sources-are-independent',
      severity: 'error',
      comment: 'A credential source imports the base, never another source.',
      from: { path: `${credentials}([^/]+)/` },
      to: { path: `${credentials}[^/]+/`, pathNot: `${credentials}$1/` },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve (a typo, a package missing from package.json, a sibling not built).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    doNotFollow: { path: ['(^|/)node_modules/', '(^|/)dist/'] },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    skipAnalysisNotInRules: false,
  },
};

import type { Options } from 'tsup';

/**
 * The build every published package uses: one ES module with its declarations, for Node 22+. The package's build
 * script then runs scripts/build/commonjsEntry.mjs, which adds the CommonJS entry (a require(esm) of that same
 * module, so both ways of loading share one instance) and its declarations.
 */
export const libraryBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node22',
  platform: 'node',
};

import type { Options } from 'tsup';

/** The build every published package uses: dual ESM + CJS with declarations for both, for Node 22+. */
export const libraryBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node22',
  platform: 'node',
};

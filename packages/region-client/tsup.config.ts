import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base';

export default defineConfig([
  libraryBuild,
  {
    // The `unikorn-region` bin: ESM only, no declarations.
    entry: ['src/cli.ts'],
    format: ['esm'],
    sourcemap: true,
    target: libraryBuild.target,
    platform: 'node',
  },
]);

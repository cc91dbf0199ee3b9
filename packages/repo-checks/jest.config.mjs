import preset from '../../jest.preset.mjs';

export default {
  ...preset,
  // Packs the published packages once into a scratch consumer (see test/support/packedConsumer.mjs).
  globalSetup: '<rootDir>/test/support/packedConsumer.mjs',
  globalTeardown: '<rootDir>/test/support/removeConsumer.mjs',
};

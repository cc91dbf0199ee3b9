// @unikorn-cloud/contract-tooling: derive a contract from an upstream OpenAPI spec, generate a client from the
// committed contract, check the generated client is fresh. See README.md for how a package plugs in.
export { deriveContract, parseDeriveArguments, runDeriveCommand } from './commands/derive.mjs';
export { checkGenerated, runGenerateCommand, writeGenerated } from './commands/generate.mjs';
export { defineContract } from './config.mjs';
export { deriveContractText } from './derive/deriveContract.mjs';
export { ContractToolingError } from './errors.mjs';

#!/usr/bin/env node
// Maintainers: re-derives contract/region.v2.yaml from the upstream region spec and the common spec it $refs, with
// @unikorn-cloud/contract-tooling (steps in its README); the configuration is contract/region.config.mjs.
//
//   node scripts/derive-contract.mjs --spec <region.spec.yaml> --common <common.spec.yaml> [--out <file>]
import { runDeriveCommand } from '@unikorn-cloud/contract-tooling';
import config from '../contract/region.config.mjs';

await runDeriveCommand(config, process.argv.slice(2));

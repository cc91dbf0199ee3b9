#!/usr/bin/env node
// Maintainers: re-derives contract/identity.v1.yaml from the upstream identity spec and the common spec it $refs,
// with @unikorn-cloud/contract-tooling (steps in its README); the configuration is contract/identity.config.mjs.
//
//   node scripts/derive-contract.mjs --spec <identity.spec.yaml> --common <common.spec.yaml> [--out <file>]
import { runDeriveCommand } from '@unikorn-cloud/contract-tooling';
import config from '../contract/identity.config.mjs';

await runDeriveCommand(config, process.argv.slice(2));

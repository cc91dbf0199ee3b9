#!/usr/bin/env node
// Regenerates the identity API client (src/generated) from the committed contract (contract/identity.v1.yaml) with
// @unikorn-cloud/contract-tooling; the configuration is contract/identity.config.mjs.
//
//   node scripts/generate.mjs           write src/generated
//   node scripts/generate.mjs --check   generate into a temporary directory and compare with the committed files;
//                                       exit 1 naming every stale, missing or extra file
import { runGenerateCommand } from '@unikorn-cloud/contract-tooling';
import config from '../contract/identity.config.mjs';

await runGenerateCommand(config, process.argv.slice(2));

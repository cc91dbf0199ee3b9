#!/usr/bin/env node
/** The `unikorn-region` executable. See `unikorn-region --help`. */
import { main } from './cli/main';

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
}).then((code) => {
  process.exitCode = code;
});

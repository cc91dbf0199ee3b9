#!/usr/bin/env node
// The `unikorn-region` executable. A committed launcher rather than dist/cli.js itself, so that installing the
// workspace before it is built can link the bin (pnpm warns "Failed to create bin" for a missing target).
import '../dist/cli.js';

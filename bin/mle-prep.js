#!/usr/bin/env node
// The built files are compiled with V8 code cached by earlier runs (dist/compile-cache.cjs), then the CLI runs.
const { resolve, sep } = require('node:path');
const dist = resolve(__dirname, '..', 'dist') + sep;
require(`${dist}compile-cache.cjs`).installCompileCache(dist);
require(`${dist}cli.cjs`);

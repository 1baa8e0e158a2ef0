#!/usr/bin/env node
// `mle-prep --version` prints the version and nothing else loads; every other run compiles the built files with V8
// code cached by earlier runs (dist/compile-cache.cjs), then runs the CLI.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  try {
    require('node:fs').writeSync(1, `${require('../package.json').version}\n`);
  } catch {
    // A reader that is already gone (`mle-prep --version | true`) is not an error.
  }
} else {
  const { resolve, sep } = require('node:path');
  const dist = resolve(__dirname, '..', 'dist') + sep;
  require(`${dist}compile-cache.cjs`).installCompileCache(dist);
  require(`${dist}cli.cjs`);
}

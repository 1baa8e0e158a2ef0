#!/usr/bin/env node
// Node 22.8+ can cache compiled code between runs; older Nodes simply start without it.
require('node:module').enableCompileCache?.();
require('../dist/cli.cjs');

#!/usr/bin/env node
import module from 'node:module';

// Node 22.8+ can cache compiled code between runs; older Nodes simply start without it.
module.enableCompileCache?.();
await import('../dist/cli.js');

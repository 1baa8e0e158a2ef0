// Bundles the CLI into dist/ (one ESM entry plus a chunk per lazily imported command) and writes the JSON
// Schemas for editors from the same definition the validator compiles.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts', schemas: 'src/bank/schema.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.17',
  chunkNames: 'chunks/[name]-[hash]',
  define: { MLE_PREP_VERSION: JSON.stringify(pkg.version) },
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __mlePrepRequire } from 'node:module'; const require = __mlePrepRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});

const { PUBLISHED_SCHEMAS } = await import(new URL('../dist/schemas.js', import.meta.url).href);
mkdirSync('schema', { recursive: true });
for (const [name, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
  writeFileSync(`schema/${name}`, `${JSON.stringify(schema, null, 2)}\n`);
}
rmSync('dist/schemas.js');

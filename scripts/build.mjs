// Builds the CLI into dist/:
// - dist/cli.cjs: the command declarations and commander, as CommonJS, so `--help` and `--version` start
//   without Node's ES-module loader;
// - dist/commands/*.js: one ES module per command (plus shared chunks), imported only when that command runs.
// Also writes the JSON Schemas for editors from the definition the validator compiles.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20.17',
  // A new build id invalidates bank caches written by earlier builds (the parser may have changed).
  define: { MLE_PREP_VERSION: JSON.stringify(pkg.version), MLE_PREP_BUILD_ID: JSON.stringify(`${pkg.version}-${Date.now()}`) },
  legalComments: 'none',
  minify: true,
  logLevel: 'warning',
};

const source = (path) => new URL(`../src/${path}`, import.meta.url).pathname;

/**
 * Keeps the quiz's start-up small. marked-terminal imports cli-highlight (with highlight.js) and node-emoji at
 * load time: it gets an on-demand shim for the first and a stub for the second (emoji are turned off).
 */
const slimDependencies = {
  name: 'slim-dependencies',
  setup(b) {
    b.onResolve({ filter: /^cli-highlight$/ }, (args) =>
      args.importer.includes('marked-terminal') ? { path: source('format/highlight-on-demand.ts') } : { path: 'cli-highlight', external: true },
    );
    b.onResolve({ filter: /^node-emoji$/ }, (args) => (args.importer.includes('marked-terminal') ? { path: source('format/no-emoji.ts') } : undefined));
  },
};

/**
 * wrap-ansi's string-width answers simple text without building a grapheme segmenter (src/format/string-width.ts);
 * string-width itself is loaded only for other text.
 */
const simpleWidths = {
  name: 'simple-widths',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (args) =>
      args.importer.includes('wrap-ansi') && args.pluginData !== 'real'
        ? { path: 'string-width', namespace: 'simple-widths', pluginData: args.resolveDir }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'simple-widths' }, async (args) => {
      const real = await b.resolve('string-width', { resolveDir: args.pluginData, kind: 'require-call', pluginData: 'real' });
      const stripAnsi = await b.resolve('strip-ansi', { resolveDir: args.pluginData, kind: 'import-statement' });
      return {
        resolveDir: args.pluginData,
        loader: 'js',
        contents: [
          `import { withSimpleWidths } from ${JSON.stringify(source('format/string-width.ts'))};`,
          `import stripAnsi from ${JSON.stringify(stripAnsi.path)};`,
          'let real;',
          `export default withSimpleWidths((text, options) => (real ??= require(${JSON.stringify(real.path)}).default)(text, options), stripAnsi);`,
        ].join('\n'),
      };
    });
  },
};

/** `import text from './file.py?raw'` gives the file's text, as Vite does in the tests. */
const rawText = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.slice(0, -'?raw'.length)), namespace: 'raw-text' }));
    b.onLoad({ filter: /.*/, namespace: 'raw-text' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
  },
};
// Bundled CommonJS dependencies call require() for Node built-ins.
const commandBanner = { js: "import { createRequire as __mlePrepRequire } from 'node:module'; const require = __mlePrepRequire(import.meta.url);" };

rmSync('dist', { recursive: true, force: true });
const commands = readdirSync('src/commands')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `src/commands/${f}`);
const commandBuild = await build({
  ...common,
  metafile: Boolean(process.env.ANALYZE),
  entryPoints: [...commands, 'src/io.ts', 'src/bank-files/check-worker.ts', { in: 'src/bank/schema.ts', out: 'schemas' }],
  outbase: 'src',
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [slimDependencies, simpleWidths, rawText],
  banner: commandBanner,
});
await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.cjs',
  format: 'cjs',
  // Command modules stay separate ES modules at the same relative paths, loaded with import() when they run.
  external: ['./commands/*', './io.js'],
});

// ANALYZE=1 npm run build: the packages behind each large output file.
if (process.env.ANALYZE) {
  for (const [file, output] of Object.entries(commandBuild.metafile.outputs)) {
    if (output.bytes < 100_000) continue;
    const byPackage = {};
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input;
      byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput;
    }
    const top = Object.entries(byPackage)
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(process.env.ANALYZE) || 6);
    console.log(`${file} ${output.bytes} bytes: ${top.map(([name, bytes]) => `${name} ${bytes}`).join(', ')}`);
  }
}

const { PUBLISHED_SCHEMAS } = await import(new URL('../dist/schemas.js', import.meta.url).href);
mkdirSync('schema', { recursive: true });
for (const [name, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
  writeFileSync(`schema/${name}`, `${JSON.stringify(schema, null, 2)}\n`);
}
rmSync('dist/schemas.js');

// The bundled bank's cache, checked now so that the first run after installing does not parse it.
await build({ ...common, entryPoints: ['src/bank-files/prebuild.ts'], outfile: 'dist/prebuild.js', format: 'esm', banner: commandBanner });
const { prebuildBundledBank } = await import(new URL('../dist/prebuild.js', import.meta.url).href);
for (const { path, text } of prebuildBundledBank()) writeFileSync(path, text);
rmSync('dist/prebuild.js');

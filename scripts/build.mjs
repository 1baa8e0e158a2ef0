// Builds the CLI into dist/:
// - dist/cli.cjs: the command declarations and commander, so `--help` and `--version` load little;
// - dist/commands/*.cjs: one file per command, with everything it needs (its process IO too, so that it shares
//   chalk and the rest with it), required only when that command runs;
// - dist/<folder>/*.cjs and dist/vendor/*.cjs: modules and packages a command loads only on some paths (the bank
//   checker, the code runner, the model interviewer, conf, the OpenAI client);
// - dist/compile-cache.cjs: loaded first by bin/, keeps V8's compiled code of the files above between runs;
// - dist/bank-files/check-worker.js: the validator's worker thread;
// - dist/bundled-bank*.json: the bundled bank checked, without question text, and its Markdown lexed.
// All CommonJS but the worker, so that no command starts Node's ES-module loader.
// Also writes the JSON Schemas for editors from the definition the validator compiles.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
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
 * load time: it gets src/format/code-highlight.ts for the first, built as dist/format/code-highlight.cjs and
 * required the first time a code block is coloured, and a stub for the second (emoji are turned off).
 */
const slimDependencies = {
  name: 'slim-dependencies',
  setup(b) {
    // Only the English list of stopword is used; its index imports every language's (200 KB).
    b.onResolve({ filter: /^stopword$/ }, () => ({ path: fileURLToPath(import.meta.resolve('stopword/src/stopwords_eng.js')) }));
    b.onResolve({ filter: /^cli-highlight$/ }, (args) => {
      if (!args.importer.includes('marked-terminal')) throw new Error(`${args.importer} imports cli-highlight: colour code with src/format/code-highlight.ts`);
      lazyEntries.add('src/format/code-highlight.ts');
      return { path: 'cli-highlight', namespace: 'highlight-on-demand' };
    });
    b.onResolve({ filter: /^\.\.\/format\/code-highlight\.cjs$/ }, (args) =>
      args.namespace === 'highlight-on-demand' ? { path: args.path, external: true } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'highlight-on-demand' }, () => ({
      loader: 'js',
      contents: [
        'let real;',
        // Code drawn without colour is passed through without loading the highlighter.
        'export function highlight(code, options) { if (options?.plain) return code; real ??= require("../format/code-highlight.cjs"); return real.highlight(code, options); }',
      ].join('\n'),
    }));
    b.onResolve({ filter: /^node-emoji$/ }, (args) => (args.importer.includes('marked-terminal') ? { path: source('format/no-emoji.ts') } : undefined));
  },
};

/**
 * cli-table3, with its colour and emoji-width tables, costs more to load than the rest of marked-terminal, which draws
 * Markdown tables with it (question text rarely has one); mle-prep's own tables are drawn at the end of a session or
 * by some commands only. It is loaded from its own file (dist/vendor/cli-table3.cjs, as `list` imports it) the first
 * time a table is made, so a command that makes none neither parses nor caches it.
 */
const tableOnDemand = {
  name: 'table-on-demand',
  setup(b) {
    b.onResolve({ filter: /^cli-table3$/ }, (args) => {
      if (!args.importer.includes('marked-terminal') && !args.importer.startsWith(resolve('src') + sep)) return undefined;
      vendorEntry('cli-table3', 'cli-table3');
      return { path: 'cli-table3', namespace: 'table-on-demand' };
    });
    b.onResolve({ filter: /^\.\.\/vendor\/cli-table3\.cjs$/ }, (args) =>
      args.namespace === 'table-on-demand' ? { path: args.path, external: true } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'table-on-demand' }, () => ({
      loader: 'js',
      contents: 'let Real; export default function Table(options) { Real ??= require("../vendor/cli-table3.cjs").default; return new Real(options); }',
    }));
  },
};

/**
 * wrap-ansi's string-width answers simple text without building a grapheme segmenter, and fast-wrap-ansi's
 * fast-string-width (the prompts' wrapping) without compiling its emoji and CJK expressions
 * (src/format/string-width.ts); the real ones are loaded only for other text, string-width (with its emoji and
 * East Asian width tables) from its own file, dist/vendor/wrap-ansi-string-width.cjs.
 */
const SIMPLE_WIDTHS = [
  { name: 'string-width', importer: 'wrap-ansi', wrap: 'withSimpleWidths', stripAnsi: true, vendor: 'wrap-ansi-string-width' },
  { name: 'fast-string-width', importer: 'fast-wrap-ansi', wrap: 'withFastSimpleWidths', stripAnsi: false },
];
const simpleWidthsApplied = new Set();
const simpleWidths = {
  name: 'simple-widths',
  setup(b) {
    for (const { name, importer, wrap, stripAnsi, vendor } of SIMPLE_WIDTHS) {
      b.onResolve({ filter: new RegExp(`^${name}$`) }, (args) =>
        new RegExp(`[\\\\/]${importer}[\\\\/]`).test(args.importer) && args.pluginData !== 'real'
          ? { path: name, namespace: 'simple-widths', pluginData: { resolveDir: args.resolveDir, name, wrap, stripAnsi, vendor } }
          : undefined,
      );
    }
    b.onResolve({ filter: /^\.\.\/vendor\// }, (args) => (args.namespace === 'simple-widths' ? { path: args.path, external: true } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'simple-widths' }, async (args) => {
      const { resolveDir, name, wrap, stripAnsi, vendor } = args.pluginData;
      simpleWidthsApplied.add(name);
      const real = await b.resolve(name, { resolveDir, kind: 'require-call', pluginData: 'real' });
      const strip = stripAnsi ? await b.resolve('strip-ansi', { resolveDir, kind: 'import-statement' }) : undefined;
      if (vendor) vendorEntry(vendor, real.path);
      const file = vendor ? `../vendor/${vendor}.cjs` : real.path;
      const measure = `(text, options) => (real ??= require(${JSON.stringify(file)}).default)(text, options)`;
      return {
        resolveDir,
        loader: 'js',
        contents: [
          `import { ${wrap} } from ${JSON.stringify(source('format/string-width.ts'))};`,
          ...(strip ? [`import stripAnsi from ${JSON.stringify(strip.path)};`] : []),
          'let real;',
          `export default ${wrap}(${measure}${strip ? ', stripAnsi' : ''});`,
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
const esmBanner = { js: "import { createRequire as __mlePrepRequire } from 'node:module'; const require = __mlePrepRequire(import.meta.url);" };

/**
 * Commands are CommonJS: Node loads a CommonJS file much faster than an ES module graph (no module loader to start,
 * no per-module linking), which is most of a command's start-up. import.meta.url is the output file's URL.
 */
const commonJs = {
  format: 'cjs',
  // Made when first read: most files never read it, and the first URL a process makes costs most of a millisecond.
  define: { ...common.define, 'import.meta.url': '__mlePrepMeta.url', 'import.meta.dirname': '__dirname' },
  banner: { js: "var __mlePrepMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };" },
  // import() of a bundled or lazy file becomes a require() inside a promise, so nothing starts the ES module loader.
  supported: { 'dynamic-import': false },
};

/**
 * What a command imports with import() is loaded only on some paths, so it is built as a file of its own and required
 * only when that import runs:
 * - a local module (the bank checker, the code runner, the review scheduler), src/<folder>/<name>.ts, as
 *   dist/<folder>/<name>.cjs;
 * - a package (conf, proper-lockfile, @inquirer/confirm, the OpenAI client, cli-table3), as
 *   dist/vendor/<name>.cjs.
 * The path is written relative to dist/<folder>/, where every command and lazy file sits (the check after the
 * build fails it if an output elsewhere, such as dist/cli.cjs, ever holds one). A class checked with instanceof must
 * not cross such an import: each file has its own copy (see isCliError and isAiFailure).
 */
const lazyEntries = new Set();
const vendorEntries = new Map();
/** Registers dist/vendor/<name>.cjs as the bundle of `path`; one name never stands for two copies of a package. */
const vendorEntry = (name, path) => {
  if (vendorEntries.has(name) && vendorEntries.get(name) !== path)
    throw new Error(`dist/vendor/${name}.cjs would bundle both ${vendorEntries.get(name)} and ${path}`);
  vendorEntries.set(name, path);
};
const lazyModules = {
  name: 'lazy-modules',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import' || args.path.startsWith('node:')) return undefined;
      if (!/^\.\.?\//.test(args.path)) {
        const name = args.path.replace(/^@/, '').replace(/\//g, '-');
        vendorEntry(name, args.path);
        return { path: name, namespace: 'vendor-ref' };
      }
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      const fromSrc = relative(resolve('src'), target).split(sep);
      if (fromSrc.length !== 2) throw new Error(`${args.importer}: a lazily imported module must sit one folder below src/ (${args.path})`);
      lazyEntries.add(`src/${fromSrc.join('/')}`);
      return { path: `../${fromSrc.join('/').replace(/\.ts$/, '.cjs')}`, external: true };
    });
    // The import itself: the package's exports, default included, read from its file when the import runs. (Written
    // out of any package folder, so its default export is the package's own, not the whole module as in Node's mode.)
    b.onLoad({ filter: /.*/, namespace: 'vendor-ref' }, (args) => ({
      loader: 'js',
      contents: `export * from "../vendor/${args.path}.cjs"; export { default } from "../vendor/${args.path}.cjs";`,
    }));
    b.onResolve({ filter: /^\.\.\/vendor\// }, (args) => (args.namespace === 'vendor-ref' ? { path: args.path, external: true } : undefined));
    // dist/vendor/<name>.cjs: the package, whole.
    b.onResolve({ filter: /^vendor:/ }, (args) => ({ path: args.path.slice('vendor:'.length), namespace: 'vendor' }));
    b.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({
      resolveDir: resolve('.'),
      loader: 'js',
      contents: `export * from ${JSON.stringify(vendorEntries.get(args.path))}; export { default } from ${JSON.stringify(vendorEntries.get(args.path))};`,
    }));
  },
};
/**
 * node:child_process and node:crypto take about 5 ms each to load, and most runs call neither (commander loads the
 * first for subcommands run as separate executables, which mle-prep has none of; the editor, the code runner and
 * the store's ids and hashes call them on some paths only). node:tty loads the network stack under it (3-4 ms),
 * and chalk asks it at load whether stdout and stderr are terminals: its `isatty` here answers a file, a pipe or a
 * closed descriptor from the descriptor's stat, so a command whose stdout and stderr are files or pipes (CI,
 * scripts) never loads it (src/output.ts relies on this). In the CommonJS files each is a set of functions that
 * load the module on their first call (and for node:tty, which chalk imports whole, a default export whose
 * properties load it). mle-prep's own modules and commander use the lazy modules, and every package uses the lazy
 * node:tty (or `tty`, as supports-color 7 asks); a default import elsewhere, or a non-function export, fails the
 * build.
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:(child_process|crypto|tty)|tty)$/ }, (args) => {
      if (args.namespace === 'lazy-builtin') return { path: args.path, external: true };
      // mle-prep's own modules and commander; packages loaded on some paths only (conf) keep the module itself.
      const lazy = /^(node:)?tty$/.test(args.path) || args.importer.startsWith(resolve('src') + sep) || args.importer.includes(`${sep}commander${sep}`);
      return lazy ? { path: args.path, namespace: 'lazy-builtin' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
      const real = await import(args.path);
      const functions = Object.keys(real).filter((name) => name !== 'default' && /^[a-z]/.test(name) && typeof real[name] === 'function');
      const tty = /^(node:)?tty$/.test(args.path);
      if (tty && !functions.includes('isatty')) throw new Error('lazy-builtins: node:tty has no isatty');
      return {
        loader: 'js',
        contents: [
          `let real; const load = () => (real ??= require(${JSON.stringify(args.path)}));`,
          ...functions.filter((name) => !(tty && name === 'isatty')).map((name) => `export function ${name}(...args) { return load().${name}(...args); }`),
          ...(tty
            ? [
                // Only a character device can be a terminal: a file, a pipe or a closed descriptor is answered here.
                'export function isatty(fd) {',
                "  try { if (!require('node:fs').fstatSync(fd).isCharacterDevice()) return false; } catch { return false; }",
                '  return load().isatty(fd);',
                '}',
                `export default { isatty, ${Object.keys(real.default)
                  .filter((name) => name !== 'isatty')
                  .map((name) => `get ${name}() { return load().${name}; }`)
                  .join(', ')} };`,
              ]
            : []),
        ].join('\n'),
      };
    });
  },
};
/**
 * marked builds every lexer rule when its module loads, about 10 ms of regular expressions with Unicode property
 * classes, before anything is lexed; the bundled bank's Markdown is lexed at build time, so most runs never lex.
 * This moves the rules into a function run by the first Lexer. It edits marked's published file at fixed places,
 * checked for marked 18.2.1 only (a scope analysis found `he`, `ee` and `F` the only names of the moved code used
 * elsewhere): another version, or a build that never bundled marked through it, stops the build.
 */
const MARKED_VERSION = '18.2.1';
let markedEdited = false;
const lazyMarkedRules = {
  name: 'lazy-marked-rules',
  setup(b) {
    b.onLoad({ filter: /[\\/]marked[\\/]lib[\\/]marked\.esm\.js$/ }, (args) => {
      const { version } = JSON.parse(readFileSync(resolve(dirname(args.path), '..', 'package.json'), 'utf8'));
      if (version !== MARKED_VERSION) throw new Error(`lazy-marked-rules edits marked ${MARKED_VERSION}, not ${version}: check it against this version`);
      markedEdited = true;
      const text = readFileSync(args.path, 'utf8');
      const first = ',Ge=/^(?:[ \\t]*(?:\\n|$))+/';
      const last = 'ee={normal:fe,gfm:tt,pedantic:nt},F={normal:me,gfm:pe,breaks:qt,pedantic:Dt};';
      const lexer = 'let t={other:O,block:ee.normal,inline:F.normal};';
      const rules = 'static get rules(){return{block:ee,inline:F}}';
      const start = text.indexOf(first);
      const end = text.indexOf(last);
      // The block tags, used outside the rules too (by an `other` rule, when it runs).
      const tags = /,he=("[a-z0-9|[\]-]+"),/.exec(text.slice(start, end));
      if (start < 0 || end < start || !tags || text.split(lexer).length !== 2 || text.split(rules).length !== 2) {
        throw new Error(`${args.path}: marked's rules are not where lazy-marked-rules expects them; update it for this marked`);
      }
      const build = `var ee,F,he=${tags[1]};function markedRules(){if(F)return;var ${text.slice(start + 1, end)}__ee={normal:fe,gfm:tt,pedantic:nt},__F={normal:me,gfm:pe,breaks:qt,pedantic:Dt};ee=__ee;F=__F}`;
      return {
        loader: 'js',
        contents: `${text.slice(0, start)};${build}${text.slice(end + last.length)}`
          .replace(lexer, `markedRules();${lexer}`)
          .replace(rules, 'static get rules(){markedRules();return{block:ee,inline:F}}'),
      };
    });
  },
};
/**
 * supports-hyperlinks decides for stdout and stderr as it is loaded, and makes both streams to ask whether each is a
 * terminal; marked-terminal reads its answer for stdout only when it draws a link. The answers are made when first
 * read instead, from whether the descriptor is a terminal (all the check reads of a stream), so `show` into a pipe
 * makes no stream (src/output.ts). The build stops if the package's exports are not as expected.
 */
const HYPERLINK_EXPORTS = '\tstdout: supportsHyperlink(process.stdout),\n\tstderr: supportsHyperlink(process.stderr)\n';
let hyperlinksEdited = false;
const streamlessHyperlinks = {
  name: 'streamless-hyperlinks',
  setup(b) {
    b.onLoad({ filter: /[\\/]supports-hyperlinks[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (text.split(HYPERLINK_EXPORTS).length !== 2) throw new Error(`${args.path}: its exports are not what streamless-hyperlinks edits; update it`);
      hyperlinksEdited = true;
      const lazy = (name, fd) => `\tget ${name}() { return (answers.${name} ??= supportsHyperlink({ isTTY: require('node:tty').isatty(${fd}) })); }`;
      return {
        loader: 'js',
        contents: text
          .replace('module.exports = {', 'const answers = {};\nmodule.exports = {')
          .replace(HYPERLINK_EXPORTS, `${lazy('stdout', 1)},\n${lazy('stderr', 2)}\n`),
      };
    });
  },
};
const plugins = [lazyModules, lazyBuiltins, lazyMarkedRules, streamlessHyperlinks, slimDependencies, tableOnDemand, simpleWidths, rawText];
// The ES-module outputs (the worker, the schemas) bundle everything they import.
const esmPlugins = plugins.filter((plugin) => plugin !== lazyModules && plugin !== lazyBuiltins);

rmSync('dist', { recursive: true, force: true });
const commands = readdirSync('src/commands')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `src/commands/${f}`);
const metafiles = [];
const buildCommonJs = async (entryPoints) => {
  const result = await build({ ...common, ...commonJs, metafile: true, entryPoints, outbase: 'src', outdir: 'dist', outExtension: { '.js': '.cjs' }, plugins });
  metafiles.push(result.metafile);
};
await buildCommonJs([...commands, 'src/compile-cache.ts']);
// Lazy modules may import others lazily in turn.
for (const built = new Set(); built.size < lazyEntries.size + vendorEntries.size; ) {
  const next = [...lazyEntries, ...[...vendorEntries.keys()].map((name) => ({ in: `vendor:${name}`, out: `vendor/${name}` }))].filter(
    (entry) => !built.has(entry.out ?? entry),
  );
  for (const entry of next) built.add(entry.out ?? entry);
  await buildCommonJs(next);
}
const separateFiles = lazyEntries.size + vendorEntries.size;
// The validator's worker thread, and the JSON Schemas (read below, then deleted), as ES modules.
for (const [entry, outfile] of [
  ['src/bank-files/check-worker.ts', 'dist/bank-files/check-worker.js'],
  ['src/bank/schema.ts', 'dist/schemas.js'],
]) {
  metafiles.push((await build({ ...common, metafile: true, entryPoints: [entry], outfile, format: 'esm', plugins: esmPlugins, banner: esmBanner })).metafile);
}
await build({
  ...common,
  ...commonJs,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.cjs',
  plugins: [
    lazyBuiltins,
    {
      // Commands stay separate files beside cli.cjs, required when a command runs.
      name: 'command-files',
      setup(b) {
        b.onResolve({ filter: /^\.\/commands\/[\w-]+\.js$/ }, (args) => ({ path: args.path.replace(/\.js$/, '.cjs'), external: true }));
      },
    },
  ],
});

if (!markedEdited) throw new Error("lazy-marked-rules never saw marked's file: its path or entry point changed");
for (const { name, importer } of SIMPLE_WIDTHS) {
  if (!simpleWidthsApplied.has(name)) throw new Error(`simple-widths never replaced ${importer}'s ${name}: its path or imports changed`);
}
if (!hyperlinksEdited) throw new Error("streamless-hyperlinks never saw supports-hyperlinks' file: its path or entry point changed");

// The ES-module outputs and cli.cjs are built after the separate files: none of them may ask for a new one.
if (lazyEntries.size + vendorEntries.size !== separateFiles) throw new Error('an output built last needs a lazy or vendor file that was never built');
// Every require() or import() of a file of the build must find it (an ES-module output renames require, so any
// string naming a vendor file counts too).
for (const file of ['dist/cli.cjs', ...Object.keys(Object.assign({}, ...metafiles.map((m) => m.outputs)))]) {
  for (const [, required, named] of readFileSync(file, 'utf8').matchAll(/(?:require|import)\("(\.\.?\/[^"]+)"\)|"(\.\.\/vendor\/[^"]+\.cjs)"/g)) {
    const path = required ?? named;
    if (!existsSync(resolve(dirname(file), path))) throw new Error(`${file} requires ${path}, which the build did not write`);
  }
}

// ANALYZE=1 npm run build: the packages behind each large output file.
if (process.env.ANALYZE) {
  for (const [file, output] of Object.entries(Object.assign({}, ...metafiles.map((m) => m.outputs)))) {
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
await build({ ...common, entryPoints: ['src/bank-files/prebuild.ts'], outfile: 'dist/prebuild.js', format: 'esm', banner: esmBanner });
const { prebuildBundledBank } = await import(new URL('../dist/prebuild.js', import.meta.url).href);
for (const { path, text } of prebuildBundledBank()) writeFileSync(path, text);
rmSync('dist/prebuild.js');

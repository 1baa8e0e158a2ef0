/**
 * V8 code for mle-prep's own built files, kept in the user's cache between runs.
 *
 * Node compiles a 250 KB command file on every run, and then each function the first time it is called: about a
 * third of the time before the first quiz question is on screen. V8 can serialise what it has compiled and take it
 * back on a later run. The serialisation is made after the command has run a while (see installCompileCache), so it
 * holds the functions called by then, not only the top level, which is all that Node's own compile cache and
 * `produceCachedData` keep.
 *
 * A cache file is named by the built file, its build, length and stat (so a file edited in place, even to the same
 * length, is compiled again) and by the Node version; V8 itself rejects data made by another V8 or for a source of
 * another length, and data damaged in place is caught here (see intact). Missing, rejected or unreadable data only costs the compile
 * it would have saved, and is written again. Writing is atomic (a temporary file renamed) and its failures
 * (read-only home, full disk) are ignored. `NODE_DISABLE_COMPILE_CACHE` turns it off, as it does Node's own.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import envPaths from 'env-paths';

declare const MLE_PREP_BUILD_ID: string;

interface Compiled {
  script: vm.Script;
  /** The file's name in the cache folder (see cacheName). */
  name: string;
  file: string;
}

type RequireFunction = NodeJS.Require;

interface ModuleInternals {
  _compile(content: string, filename: string, format?: string): unknown;
  exports: unknown;
  require(id: string): unknown;
}

interface ModuleStatics {
  prototype: ModuleInternals;
  _resolveFilename(request: string, parent: ModuleInternals, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: ModuleInternals): string[] | null;
  _extensions: RequireFunction['extensions'];
  _cache: RequireFunction['cache'];
}

/** How many cached versions of one built file are kept (other builds, installs or Node versions), newest first. */
export const VERSIONS_KEPT = 3;

/** A short name for a file's identity: its stat, so an edit (even to the same length) or a new install differs. */
function statStamp(filename: string): string {
  const stats = statSync(filename);
  const text = `${stats.size}|${stats.mtimeMs}|${stats.ctimeMs}|${stats.ino}|${stats.dev}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/** The cache file of one version of a built file. */
export function cacheFileName(name: string, length: number, build: string, stamp: string, node = process.version, arch = process.arch): string {
  return `${name}-${length}-${build}-${stamp}-${node}-${arch}.v8`;
}

/** A built file's path below `root`, as one file name: `commands/quiz.cjs` is `commands+quiz.cjs`. */
export function cacheName(root: string, filename: string): string {
  return filename.slice(root.length).replace(/[\\/]/g, '+');
}

/** Where the compiled code of this build lives: a folder of the user's cache. */
export function codeCacheDirectory(): string {
  return join(envPaths('mle-prep', { suffix: '' }).cache, 'code');
}

export interface CompileCacheOptions {
  /** The folder of cached code (default: a folder of the user's cache). */
  directory?: string;
  /** Names the build, so that code cached by another build is never taken. */
  build?: string;
  /** How long after start-up the code compiled so far is written (default 1 s). */
  writeAfterMs?: number;
}

/**
 * Compiles the CommonJS files under `root` (a folder path ending in a separator) with their cached code, and writes
 * the cache of any file that had none (or had it rejected): once the command is likely waiting for its user (a
 * quiz's first prompt; a terminal closed under it ends the process without an exit event), and as it exits. The
 * module gets the same `require` as from Node's own loader. Other files, and ES modules, go to Node's loader.
 */
export function installCompileCache(root: string, options: CompileCacheOptions = {}): void {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return;
  const directory = options.directory ?? codeCacheDirectory();
  const build = options.build ?? (typeof MLE_PREP_BUILD_ID === 'string' ? MLE_PREP_BUILD_ID : 'source');
  const statics = Module as unknown as ModuleStatics;
  const compile = statics.prototype._compile;
  const toWrite: Compiled[] = [];
  // For an import() left in a file (the build turns them into require calls): Node's default loader, where it has one.
  const dynamicImport = (vm.constants as Partial<typeof vm.constants> | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  statics.prototype._compile = function (this: ModuleInternals, content: string, filename: string, format?: string) {
    // Node 22 and later also compile ES modules loaded by require() here: those go to Node's loader too.
    if (!filename.startsWith(root) || (format !== undefined && format !== 'commonjs')) {
      // biome-ignore lint/complexity/noArguments: Node's own signature, whatever it is in this version.
      return Reflect.apply(compile, this, arguments);
    }
    const name = cacheName(root, filename);
    let file: string | undefined;
    let cachedData: Buffer | undefined;
    try {
      file = join(directory, cacheFileName(name, content.length, build, statStamp(filename)));
      cachedData = intact(readFileSync(file));
    } catch {
      // No cache yet: compiled as usual, cached later.
    }
    const script = new vm.Script(Module.wrap(content), {
      filename,
      cachedData,
      ...(dynamicImport !== undefined ? { importModuleDynamically: dynamicImport } : {}),
    });
    if (file !== undefined && (cachedData === undefined || script.cachedDataRejected)) toWrite.push({ script, name, file });
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireFor(this, statics), this, filename, dirname(filename));
  };
  const flush = () => writeCaches(toWrite.splice(0), directory);
  setTimeout(flush, options.writeAfterMs ?? 1000).unref();
  process.once('exit', flush);
}

/** The `require` Node's loader gives a module: it records the module as the parent of what it loads. */
function requireFor(module: ModuleInternals, statics: ModuleStatics): RequireFunction {
  const require = ((id: string) => module.require(id)) as RequireFunction;
  const resolve = ((request: string, options?: { paths?: string[] }) =>
    statics._resolveFilename(request, module, false, options)) as RequireFunction['resolve'];
  resolve.paths = (request: string) => statics._resolveLookupPaths(request, module);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = statics._extensions;
  require.cache = statics._cache;
  return require;
}

/**
 * V8 checks the magic, versions, flags and lengths of cached data, but deserialising a payload damaged in place (a
 * bad disk block) crashes it, and its own checksum costs more than it saves (the flag that turns it on makes Node's
 * built-in modules compile again). So each file holds the data twice, and the two copies must be equal: a byte
 * comparison of a few hundred kilobytes, read in the same call.
 */
function intact(stored: Buffer): Buffer | undefined {
  const half = stored.length / 2;
  const data = stored.subarray(0, half);
  return Number.isInteger(half) && half > 0 && data.equals(stored.subarray(half)) ? data : undefined;
}

function writeCaches(compiled: readonly Compiled[], directory: string): void {
  if (compiled.length === 0) return;
  try {
    mkdirSync(directory, { recursive: true });
    const existing = readdirSync(directory).filter((entry) => entry.endsWith('.v8'));
    for (const { script, name, file } of compiled) {
      const temporary = `${file}.${process.pid}.tmp`;
      const data = script.createCachedData();
      writeFileSync(temporary, Buffer.concat([data, data]));
      renameSync(temporary, file);
      // Other versions of the same file (other builds, installs, Node versions): the newest few are kept, so two
      // installs used in turn do not replace each other's code on every run.
      const versions = existing
        .filter((entry) => entry.startsWith(`${name}-`) && join(directory, entry) !== file)
        .map((entry) => ({ path: join(directory, entry), at: statSync(join(directory, entry), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
        .sort((a, b) => b.at - a.at);
      for (const old of versions.slice(VERSIONS_KEPT - 1)) rmSync(old.path, { force: true });
    }
  } catch {
    // A cache that cannot be written only costs the next run the compile.
  }
}

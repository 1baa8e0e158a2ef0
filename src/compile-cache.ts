/**
 * V8 code for mle-prep's own built files, kept in the user's cache between runs.
 *
 * Node compiles a 250 KB command file on every run, and then each function the first time it is called: about a
 * third of the time before the first quiz question is on screen. V8 can serialise what it has compiled and take it
 * back on a later run. The serialisation is made after the command has run (see installCompileCache), so it holds
 * the functions that run called, not only the top level, which is all that Node's own compile cache and
 * `produceCachedData` keep.
 *
 * A cache file is named by the built file, its length and build and by the Node version, and V8 itself rejects data
 * made by another V8 or for a source of another length; data damaged in place is caught here (see intact). Missing, rejected or unreadable data only costs the compile
 * it would have saved, and is written again. Writing is atomic (a temporary file renamed) and its failures
 * (read-only home, full disk) are ignored. `NODE_DISABLE_COMPILE_CACHE` turns it off, as it does Node's own.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

interface ModuleInternals {
  _compile(content: string, filename: string): unknown;
  exports: unknown;
}

/** The cache file for one built file: stale ones (other builds, other Node versions) are removed when it is written. */
export function cacheFileName(name: string, length: number, build: string, node = process.version, arch = process.arch): string {
  return `${name}-${length}-${build}-${node}-${arch}.v8`;
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
  /** Names the build, so that code cached by another build of the same length is never taken. */
  build?: string;
  /** How long after start-up the code compiled so far is written (default 1 s). */
  writeAfterMs?: number;
}

/**
 * Compiles the files under `root` (a folder path ending in a separator) with their cached code, and writes the
 * cache of any file that had none (or had it rejected): once the command is likely waiting for its user (a quiz's
 * first prompt), since a terminal closed under it ends the process without an exit event, and as it exits.
 */
export function installCompileCache(root: string, options: CompileCacheOptions = {}): void {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return;
  const directory = options.directory ?? codeCacheDirectory();
  const build = options.build ?? (typeof MLE_PREP_BUILD_ID === 'string' ? MLE_PREP_BUILD_ID : 'source');
  const prototype = (Module as unknown as { prototype: ModuleInternals }).prototype;
  const compile = prototype._compile;
  const toWrite: Compiled[] = [];
  prototype._compile = function (this: ModuleInternals, content: string, filename: string) {
    if (!filename.startsWith(root)) return compile.call(this, content, filename);
    const name = cacheName(root, filename);
    const file = join(directory, cacheFileName(name, content.length, build));
    let cachedData: Buffer | undefined;
    try {
      cachedData = intact(readFileSync(file));
    } catch {
      // No cache yet: compiled as usual, cached later.
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) toWrite.push({ script, name, file });
    const wrapper = script.runInThisContext({ displayErrors: true });
    const require = Module.createRequire(filename);
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
  const flush = () => writeCaches(toWrite.splice(0), directory);
  setTimeout(flush, options.writeAfterMs ?? 1000).unref();
  process.once('exit', flush);
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
    const existing = readdirSync(directory);
    for (const { script, name, file } of compiled) {
      const temporary = `${file}.${process.pid}.tmp`;
      const data = script.createCachedData();
      writeFileSync(temporary, Buffer.concat([data, data]));
      renameSync(temporary, file);
      // Earlier builds' and other Node versions' code for the same file.
      for (const other of existing) if (other.startsWith(`${name}-`) && join(directory, other) !== file) rmSync(join(directory, other), { force: true });
    }
  } catch {
    // A cache that cannot be written only costs the next run the compile.
  }
}

// V8 code of the built files kept between runs (dist/compile-cache.cjs): the modules behave as Node's own loader
// makes them, the cache is taken when valid, and a missing, damaged or unwritable one only costs a compile.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const COMPILE_CACHE = join(REPO, 'dist', 'compile-cache.cjs');
const { VERSIONS_KEPT } = createRequire(import.meta.url)(COMPILE_CACHE) as { VERSIONS_KEPT: number };

/** A folder of CommonJS modules, and a script that loads them through the compile cache. */
function fixture(runner = '') {
  const dir = tempDir();
  const root = join(dir, 'root') + sep;
  writeTree(dir, {
    'root/a.cjs': [
      "const b = require('./sub/b.cjs');",
      'module.exports = {',
      '  value: b.value, file: __filename, dir: __dirname, id: module.filename,',
      "  resolved: require.resolve('./sub/b.cjs'), thisIsExports: this === module.exports, typeofMain: typeof require.main,",
      '  children: module.children.map((child) => child.filename),',
      "  parentOfB: require.cache[require.resolve('./sub/b.cjs')].parent.filename,",
      '  throws: () => b.fail(),',
      "  missing: (() => { try { require('./missing.cjs'); } catch (error) { return { code: error.code, stack: error.requireStack }; } })(),",
      '};',
    ].join('\n'),
    'root/sub/b.cjs': "exports.value = 42;\nexports.fail = () => { throw new Error('from b'); };\n",
    'outside.cjs': 'module.exports = 7;\n',
    'run.cjs': [
      `const options = JSON.parse(process.env.OPTIONS || '{}');`,
      `require(${JSON.stringify(COMPILE_CACHE)}).installCompileCache(${JSON.stringify(root)}, { directory: ${JSON.stringify(join(dir, 'cache'))}, build: 'test', ...options });`,
      `const a = require(${JSON.stringify(`${root}a.cjs`)});`,
      "const outside = require('./outside.cjs');",
      'let stack = "";',
      'try { a.throws(); } catch (error) { stack = error.stack; }',
      'console.log(JSON.stringify({ ...a, outside, stack }));',
      runner,
    ].join('\n'),
  });
  const run = (env: Record<string, string> = {}) => {
    const result = spawnSync(process.execPath, [join(dir, 'run.cjs')], { env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '', ...env }, encoding: 'utf8' });
    return { code: result.status, signal: result.signal, stderr: result.stderr, out: result.stdout ? JSON.parse(result.stdout) : undefined };
  };
  const cache = join(dir, 'cache');
  const cached = () => (existsSync(cache) ? readdirSync(cache).sort() : []);
  return { dir, root, run, cache, cached };
}

/** The cache file of a fixture file: its path as one name, its length, the build and its stat, and this Node. */
const cacheFileOf = (name: string, length: number) =>
  new RegExp(`^${name.replace(/[.+]/g, '\\$&')}-${length}-test-[0-9a-f]{8}-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8$`);
const lengthOf = (path: string) => readFileSync(path, 'utf8').length;

describe('the compile cache', () => {
  it('loads modules as Node does, and caches only the files below its root', () => {
    const { root, run, cached } = fixture();
    const first = run();
    expect(first.stderr).toBe('');
    expect(first.out).toMatchObject({
      value: 42,
      file: `${root}a.cjs`,
      dir: root.slice(0, -1),
      id: `${root}a.cjs`,
      resolved: join(root, 'sub', 'b.cjs'),
      thisIsExports: true,
      typeofMain: 'object',
      outside: 7,
      // Linked as Node's loader links them: b is a child of a, and a failed require names who asked.
      children: [join(root, 'sub', 'b.cjs')],
      parentOfB: `${root}a.cjs`,
      missing: { code: 'MODULE_NOT_FOUND', stack: [`${root}a.cjs`, expect.stringMatching(/run\.cjs$/)] },
    });
    // Errors name the file and line they come from.
    expect(first.out.stack).toContain(`${join(root, 'sub', 'b.cjs')}:2`);
    expect(cached()).toEqual([
      expect.stringMatching(cacheFileOf('a.cjs', lengthOf(`${root}a.cjs`))),
      expect.stringMatching(cacheFileOf('sub+b.cjs', lengthOf(`${root}sub/b.cjs`))),
    ]);
  });

  it('takes a valid cache without writing it again, and replaces a damaged one', () => {
    const { run, cache, cached } = fixture();
    const first = run();
    const [a] = cached();
    const written = readFileSync(join(cache, a!));
    const writtenAt = statSync(join(cache, a!)).mtimeMs;
    expect(run().out).toEqual(first.out);
    expect(statSync(join(cache, a!)).mtimeMs).toBe(writtenAt);
    expect(readFileSync(join(cache, a!))).toEqual(written);

    writeFileSync(join(cache, a!), 'not V8 code');
    expect(run().out).toEqual(first.out);
    expect(readFileSync(join(cache, a!)).toString('latin1')).not.toBe('not V8 code');
    expect(cached()).toHaveLength(2);

    // Valid data with a block damaged in place, as by a bad disk block (V8 would crash deserialising it).
    const valid = readFileSync(join(cache, a!));
    const damaged = Buffer.from(valid);
    const from = Math.floor(damaged.length * 0.3);
    for (let i = from; i < from + 64; i++) damaged[i]! ^= 0x5a;
    writeFileSync(join(cache, a!), damaged);
    const again = run();
    expect({ code: again.code, signal: again.signal, stderr: again.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(again.out).toEqual(first.out);
    expect(readFileSync(join(cache, a!))).not.toEqual(damaged);
  });

  it('compiles a file edited in place again, even to the same length, and keeps a few versions of each', () => {
    const { root, run, cached } = fixture();
    expect(run().out.value).toBe(42);
    const b = join(root, 'sub', 'b.cjs');
    const versionsOfB = () => cached().filter((name) => name.startsWith('sub+b.cjs-'));
    for (const value of [43, 44, 45, 46]) {
      writeFileSync(b, readFileSync(b, 'utf8').replace(/exports\.value = \d+/, `exports.value = ${value}`));
      expect(run().out.value).toBe(value);
    }
    expect(versionsOfB()).toHaveLength(VERSIONS_KEPT);
    expect(cached().filter((name) => name.startsWith('a.cjs-'))).toHaveLength(1);
  });

  it('writes the code compiled so far before exit, for a process that never exits by itself', () => {
    // The terminal closed under a quiz: killed without an exit event, after the timer (which runs first: same delay,
    // set earlier).
    const { run, cached } = fixture("setTimeout(() => process.kill(process.pid, 'SIGKILL'), 0);");
    const result = run({ OPTIONS: JSON.stringify({ writeAfterMs: 0 }) });
    expect(result.signal).toBe('SIGKILL');
    expect(cached()).toHaveLength(2);
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE, and costs nothing but speed when it cannot be written', () => {
    const off = fixture();
    expect(off.run({ NODE_DISABLE_COMPILE_CACHE: '1' }).out.value).toBe(42);
    expect(off.cached()).toEqual([]);

    const blocked = fixture();
    writeFileSync(blocked.cache, 'a file where the folder would be');
    const result = blocked.run();
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.out.value).toBe(42);
  });

  it('keeps the CLI files a command ran in the user cache', () => {
    const home = tempDir();
    const first = runCli(['list', '--json'], { configHome: home });
    expect(first.code).toBe(0);
    const code = join(home, '.cache', 'mle-prep', 'code');
    expect(readdirSync(code).map((name) => name.slice(0, name.indexOf('.cjs-') + 4))).toEqual(['cli.cjs', 'commands+list.cjs']);
    expect(readdirSync(code).every((name) => name.endsWith(`-${process.version}-${process.arch}.v8`))).toBe(true);
    expect(runCli(['list', '--json'], { configHome: home }).stdout).toBe(first.stdout);
  });
});

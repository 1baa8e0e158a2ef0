// The built package as it is installed: the Markdown lexed when it was built, and the files a command loads.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stripAnsi from 'strip-ansi';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, REPO } from '../helpers/cli.js';
import { Terminal } from '../helpers/pty.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const PROBE = join(REPO, 'tests', 'fixtures', 'probes', 'module-loader.cjs');

let root: string;
let bin: string;
let lexedFile: string;
let lexedText: string;
beforeAll(() => {
  // A copy, so the lexed file can be tampered with.
  root = tempDir();
  for (const part of ['bin', 'dist', 'questions', 'package.json']) cpSync(join(REPO, part), join(root, part), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  bin = join(root, 'bin', 'mle-prep.js');
  lexedFile = join(root, 'dist', 'bundled-bank.lexed.json');
  lexedText = readFileSync(lexedFile, 'latin1');
});

function run(args: string[], nodeArgs: string[] = []) {
  const result = spawnSync(process.execPath, [...nodeArgs, bin, ...args], { cwd: root, env: cliEnv(tempDir()), encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the Markdown lexed when the package is built', () => {
  // Same length, so every offset in the cache files still holds.
  const prompt = 'Find near-duplicate documents';
  const tampered = 'Fond near-duplicate documents';

  it('is what show and the quiz render a bundled question from', async () => {
    const inTokens = lexedText.replaceAll(`"text":"${prompt}`, `"text":"${tampered}`);
    expect(inTokens).not.toBe(lexedText);
    writeFileSync(lexedFile, inTokens, 'latin1');
    const shown = run(['show', 'coding-minhash-dedup']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(tampered);

    const term = new Terminal(['quiz', '--topic', 'coding', '--tag', 'minhash', '--no-timer'], tempDir(), {}, 100, bin);
    try {
      await term.waitFor('Question 1 of 1');
      await term.waitFor(tampered);
    } finally {
      term.pty.kill();
    }
  });

  it('is used only for the very text it was lexed from', () => {
    const otherText = lexedText.replace(`["${prompt}`, `["${tampered}`).replaceAll(`"text":"${prompt}`, `"text":"${tampered}`);
    expect(otherText).not.toBe(lexedText);
    writeFileSync(lexedFile, otherText, 'latin1');
    const shown = run(['show', 'coding-minhash-dedup']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(prompt);
    expect(shown.stdout).not.toContain(tampered);
  });

  it('costs nothing but speed when damaged', () => {
    writeFileSync(lexedFile, 'damaged');
    const shown = run(['show', 'coding-minhash-dedup']);
    expect(shown).toMatchObject({ code: 0, stderr: '' });
    expect(shown.stdout).toContain(prompt);
    writeFileSync(lexedFile, lexedText, 'latin1');
  });
});

describe('the bundled bank of an installed package', () => {
  /** A copy of the package at `dir`, and a run of its bin with a fresh cache. */
  function copyAt(dir: string) {
    for (const part of ['bin', 'dist', 'questions', 'package.json']) cpSync(join(REPO, part), join(dir, part), { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
    const home = tempDir();
    const run = (args: string[]) =>
      spawnSync(process.execPath, [join(dir, 'bin', 'mle-prep.js'), ...args], { cwd: dir, env: cliEnv(home), encoding: 'utf8', timeout: 60_000 });
    return { run, bankFilesCached: () => readdirSync(join(home, '.cache', 'mle-prep')).filter((name) => name.startsWith('bank-')) };
  }
  const file = join('questions', 'coding', 'minhash-dedup.md');
  const edit = (dir: string) =>
    writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replace('Find near-duplicate documents', 'Find twin documents'));

  it('is read as it was built, without looking at its files; a clone of the repository sees an edit at once', () => {
    expect(readFileSync(join(REPO, file), 'utf8')).toContain('Find near-duplicate documents');
    const installedAt = join(tempDir(), 'node_modules', 'mle-prep');
    const installed = copyAt(installedAt);
    expect(installed.run(['show', 'coding-minhash-dedup']).stdout).toContain('Find near-duplicate documents');
    edit(installedAt);
    const shown = installed.run(['show', 'coding-minhash-dedup']);
    expect({ code: shown.status, stderr: shown.stderr }).toEqual({ code: 0, stderr: '' });
    expect(shown.stdout).toContain('Find near-duplicate documents');
    // Nothing of the bank was written to the user's cache: neither a stamp nor a parsed copy.
    expect(installed.bankFilesCached()).toEqual([]);

    const clone = tempDir();
    const cloned = copyAt(clone);
    expect(cloned.run(['show', 'coding-minhash-dedup']).stdout).toContain('Find near-duplicate documents');
    edit(clone);
    expect(cloned.run(['show', 'coding-minhash-dedup']).stdout).toContain('Find twin documents');
    expect(cloned.bankFilesCached().length).toBeGreaterThan(0);
  });

  it('is checked as a clone when the folder under node_modules is a git clone', () => {
    const clonedAt = join(tempDir(), 'node_modules', 'mle-prep');
    const cloned = copyAt(clonedAt);
    mkdirSync(join(clonedAt, '.git'));
    edit(clonedAt);
    expect(cloned.run(['show', 'coding-minhash-dedup']).stdout).toContain('Find twin documents');
  });

  it('is parsed from its files when its prebuilt cache is missing', () => {
    const installedAt = join(tempDir(), 'node_modules', 'mle-prep');
    const installed = copyAt(installedAt);
    for (const name of ['bundled-bank.json', 'bundled-bank.summary.json']) writeFileSync(join(installedAt, 'dist', name), 'damaged');
    edit(installedAt);
    const shown = installed.run(['show', 'coding-minhash-dedup']);
    expect({ code: shown.status, stderr: shown.stderr }).toEqual({ code: 0, stderr: '' });
    expect(shown.stdout).toContain('Find twin documents');
  });
});

describe('code blocks', () => {
  it('are coloured by the highlighter in its own file, loaded only when a block is drawn in colour', () => {
    const show = (env: Record<string, string>) => {
      const result = spawnSync(process.execPath, ['-r', PROBE, bin, 'show', 'coding-minhash-dedup'], {
        cwd: root,
        env: cliEnv(tempDir(), env),
        encoding: 'utf8',
      });
      return { code: result.status, stdout: result.stdout, built: /built: (.*)/.exec(result.stderr)?.[1]?.split(' ') ?? [] };
    };
    const coloured = show({ NO_COLOR: '', FORCE_COLOR: '1' });
    expect(coloured.code).toBe(0);
    expect(coloured.built).toContain('format/code-highlight.cjs');
    // Python's keywords and comments in the example, in emphasize's colours; the text itself as without colour.
    expect(coloured.stdout).toMatch(/\u001b\[32mdef\u001b\[39m/);
    const plain = show({});
    expect(plain.code).toBe(0);
    expect(plain.built).not.toContain('format/code-highlight.cjs');
    expect(plain.built).toContain('commands/show.cjs');
    // The same text but for the headings' "###", which colour replaces with bold.
    expect(stripAnsi(coloured.stdout)).toBe(plain.stdout.replace(/^#+ /gm, ''));
  });

  it('are not highlighted at all in a terminal with NO_COLOR (marked-terminal would, by its own colour check)', async () => {
    const builtIn = async (env: Record<string, string>) => {
      const term = new Terminal(['show', 'coding-minhash-dedup'], tempDir(), { ...env, NODE_OPTIONS: `--require ${PROBE}` });
      expect(await term.exitCode()).toBe(0);
      return { built: /built: (.*)/.exec(term.text)?.[1]?.split(' ') ?? [], raw: term.raw };
    };
    const plain = await builtIn({ NO_COLOR: '1' });
    expect(plain.built).toContain('commands/show.cjs');
    expect(plain.built).not.toContain('format/code-highlight.cjs');
    expect(plain.raw).not.toMatch(/\u001b\[3\dm/);
    const coloured = await builtIn({ NO_COLOR: '' });
    expect(coloured.built).toContain('format/code-highlight.cjs');
    expect(coloured.raw).toMatch(/\u001b\[32mdef\u001b\[39m/);
  });
});

describe('the files a command loads', () => {
  it("are CommonJS: show, list and history never start Node's ES-module loader", ({ skip }) => {
    // Node 22 and later load the ES-module loader at start-up, for any script: nothing to tell apart there.
    const bare = spawnSync(process.execPath, ['-r', PROBE, '-e', '0'], { encoding: 'utf8' });
    if (bare.stderr.includes('es-module-loader: used')) skip();
    for (const args of [['show', 'coding-minhash-dedup'], ['list', '--json'], ['history'], ['--version']]) {
      const result = run(args, ['-r', PROBE]);
      expect({ args, code: result.code, loader: /es-module-loader: (\w+)/.exec(result.stderr)?.[1] }).toEqual({ args, code: 0, loader: 'unused' });
    }
  });

  it('load node:child_process, node:crypto and node:tty only on the paths that call them', ({ skip }) => {
    const bare = spawnSync(process.execPath, ['-r', PROBE, '-e', '0'], { encoding: 'utf8' });
    if (!bare.stderr.includes('built-ins: none')) skip();
    const env = cliEnv(tempDir());
    const probe = (args: string[]) => {
      const result = spawnSync(process.execPath, ['-r', PROBE, bin, ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
      return { args, code: result.status, builtIns: /built-ins: (.*)/.exec(result.stderr)?.[1] };
    };
    // A copy's first run hashes the bundled bank once (node:crypto); later runs compare stats. The clone it was
    // built in has the build's stamp of its files' stats, and hashes nothing (until a question file is touched
    // without building again).
    expect(probe(['list', '--json'])).toEqual({ args: ['list', '--json'], code: 0, builtIns: 'crypto' });
    const inClone = spawnSync(process.execPath, ['-r', PROBE, join(REPO, 'bin', 'mle-prep.js'), 'list', '--json'], {
      env: cliEnv(tempDir()),
      encoding: 'utf8',
    });
    expect({ code: inClone.status, builtIns: /built-ins: (.*)/.exec(inClone.stderr)?.[1] }).toEqual({ code: 0, builtIns: 'none' });
    for (const args of [['--version'], ['--help'], ['list', '--json'], ['show', 'coding-minhash-dedup'], ['history']]) {
      expect(probe(args)).toEqual({ args, code: 0, builtIns: 'none' });
    }
    // node:tty (and the network stack under it) only for a character device, which is asked whether it is a
    // terminal: stdin at /dev/null is never asked by a command that reads no keys, while stdout at /dev/null is.
    const devNull = (stdio: ['ignore' | 'pipe', 'ignore' | 'pipe']) => {
      const result = spawnSync(process.execPath, ['-r', PROBE, bin, 'show', 'coding-minhash-dedup'], {
        cwd: root,
        env,
        encoding: 'utf8',
        stdio: [...stdio, 'pipe'],
      });
      return { code: result.status, builtIns: /built-ins: (.*)/.exec(result.stderr)?.[1] };
    };
    expect(devNull(['ignore', 'pipe'])).toEqual({ code: 0, builtIns: 'none' });
    expect(devNull(['pipe', 'ignore'])).toEqual({ code: 0, builtIns: 'tty' });
  });

  it('write to a pipe without making a stream of stdout or stderr, errors and help included', () => {
    const streams = (args: string[]) => {
      const result = run(args, ['-r', PROBE]);
      return { args, code: result.code, streams: /streams: (.*)/.exec(result.stderr)?.[1], wrote: result.stdout.length > 0 || /mle-prep:/.test(result.stderr) };
    };
    for (const args of [['--help'], ['list', '--json'], ['show', 'coding-minhash-dedup'], ['history']]) {
      expect(streams(args)).toEqual({ args, code: 0, streams: 'none', wrote: true });
    }
    expect(streams(['quiz', '--no-such-option'])).toEqual({ args: ['quiz', '--no-such-option'], code: 2, streams: 'none', wrote: true });
    // The probe itself sees a stream that is made: a quiz refusing a pipe says so through the usual error path.
    const made = spawnSync(process.execPath, ['-r', PROBE, '-e', 'process.stdout.write("x")'], { encoding: 'utf8' });
    expect(/streams: (.*)/.exec(made.stderr)?.[1]).toBe('stdout');
  });

  it('end quietly, with the exit code so far, when the reader of their output is gone (`| head`), and fail as they would when the reader of their errors is', ({
    skip,
  }) => {
    // A pipe whose reading end is closed before the command starts: its first write fails with EPIPE.
    const script = [
      'import os, subprocess, sys',
      'r, w = os.pipe()',
      'os.close(r)',
      'for args in (["list"], ["--help"], ["show", "coding-minhash-dedup"]):',
      '    done = subprocess.run([sys.argv[1], sys.argv[2], *args], stdout=w, stderr=subprocess.PIPE, cwd=sys.argv[3])',
      '    print(done.returncode, repr(done.stderr.decode()))',
      // A failure whose message cannot be read still fails, with its own exit code.
      'for args in (["show", "no-such-question"], ["quiz", "--no-such-option"]):',
      '    done = subprocess.run([sys.argv[1], sys.argv[2], *args], stdout=subprocess.PIPE, stderr=w, cwd=sys.argv[3])',
      '    print(done.returncode, repr(done.stdout.decode()))',
    ].join('\n');
    const result = spawnSync('python3', ['-c', script, process.execPath, bin, root], { encoding: 'utf8', env: cliEnv(tempDir()), timeout: 60_000 });
    if (result.error) skip();
    expect(result.stdout).toBe("0 ''\n0 ''\n0 ''\n1 ''\n2 ''\n");
  });

  it('still render Markdown tables (the table library is loaded from its own file at the first one)', () => {
    const bank = writeTree(tempDir(), {
      'q.md': [
        '---',
        'id: table-question',
        'topic: mlops',
        'difficulty: beginner',
        'tags: [tables]',
        'key_points: [names the metric, gives its value]',
        '---',
        'Which metric is in the table?',
        '',
        '| metric | value |',
        '|---|---|',
        '| p95 | 200 ms |',
        '',
        '## Answer',
        'The p95 latency.',
      ].join('\n'),
    });
    const shown = run(['show', 'table-question', '--bank', bank]);
    expect(shown.stderr).toBe('');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/│ metric │ value +│\n.*\n│ p95 +│ 200 ms │/);
  });

  it('wrap text that is not simple (CJK, emoji) with string-width, loaded from its own file', () => {
    const words = Array.from({ length: 12 }, (_, i) => `日本語${i}`).join(' ');
    const bank = writeTree(tempDir(), {
      'q.md': [
        '---',
        'id: wide-question',
        'topic: mlops',
        'difficulty: beginner',
        'tags: [widths]',
        `key_points: ["names a tokenizer that splits ${words} well", says why emoji like 🚀🔥 cost more tokens]`,
        '---',
        'Which tokenizer splits Japanese text best?',
        '',
        '## Answer',
        'Byte-level BPE.',
      ].join('\n'),
    });
    const shown = run(['show', 'wide-question', '--bank', bank]);
    expect({ code: shown.code, stderr: shown.stderr }).toEqual({ code: 0, stderr: '' });
    // Each of these words is 8 columns wide but 4 or 5 characters long: the key points wrap by width, not length.
    const lines = shown.stdout.split('\n').filter((line) => line.includes('日本語'));
    expect(lines.length).toBeGreaterThan(1);
    const columns = (line: string) => [...line.replace(/\u001b\[[0-9;]*m/g, '')].reduce((n, ch) => n + (/[\u3000-\u9fff]/.test(ch) ? 2 : 1), 0);
    expect(Math.max(...lines.map(columns))).toBeLessThanOrEqual(80);
    expect(Math.max(...lines.map(columns))).toBeGreaterThan(60);
  });
});

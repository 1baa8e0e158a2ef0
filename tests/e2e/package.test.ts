// The package as npm ships it: packed, installed into an empty project, and run with npx. A release check that
// spends most of its time in npm (unpacking a hundred dependencies), so it runs as its own step of .ci/run
// (MLE_PREP_SLOW_CHECKS=1) rather than in every run of the suite.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe.skipIf(!process.env.MLE_PREP_SLOW_CHECKS)('the published package', () => {
  it('installs from its tarball and runs with npx', () => {
    const out = tempDir();
    // The suite's build is already in dist/; --ignore-scripts keeps pack from rebuilding it under running tests.
    const packed = JSON.parse(execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: REPO, encoding: 'utf8' })) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/mle-prep.js',
        'bin/package.json',
        'dist/cli.cjs',
        'questions/topics.yaml',
        'schema/question.schema.json',
        'README.md',
        'package.json',
      ]),
    );
    expect(files.filter((f) => /^(src|tests|bench|scripts|\.ci)\//.test(f))).toEqual([]);
    // The stamp of the bundled files' stats where the package was built: of no use elsewhere, and full of its paths.
    expect(files).toContain('dist/bundled-bank.summary.json');
    expect(files).not.toContain('dist/bundled-bank.stamp.json');

    const project = tempDir();
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'try-mle-prep', version: '1.0.0', private: true }));
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: join(project, '.config'),
      XDG_CACHE_HOME: join(project, '.cache'),
      NO_COLOR: '1',
      npm_config_loglevel: 'error',
    };
    // Built before packing: installing runs no script of the package, so npm has nothing to warn about.
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };
    expect(Object.keys(manifest.scripts).filter((name) => ['prepare', 'preinstall', 'install', 'postinstall'].includes(name))).toEqual([]);
    // The dependencies come from npm's cache when they are there (after `npm ci`, they all are).
    const install = spawnSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(out, packed[0]!.filename)], {
      cwd: project,
      env: { ...env, npm_config_loglevel: 'warn' },
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect({ status: install.status, stderr: install.stderr }).toEqual({ status: 0, stderr: expect.not.stringMatching(/warn|allow-scripts|prepare/i) });

    // npx once, as a user starts it; then the installed bin directly (the same file, without npx's own start-up).
    const version = spawnSync('npx', ['--no-install', 'mle-prep', '--version'], { cwd: project, env, encoding: 'utf8', timeout: 60_000 });
    expect(version.stdout).toBe(`${manifest.version}\n`);
    const cli = (...args: string[]) =>
      spawnSync(join(project, 'node_modules', '.bin', 'mle-prep'), args, { cwd: project, env, encoding: 'utf8', timeout: 60_000 });
    const topics = (parse(readFileSync(join(REPO, 'questions', 'topics.yaml'), 'utf8')) as { topics: unknown[] }).topics.length;
    const list = cli('list');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`\\d+ questions in ${topics} topics`));
    // The bundled bank's cache came with the package and an installed package's files are read as they were built:
    // the first run parsed, hashed and wrote nothing for the bank, only the code V8 compiled for the run.
    const cache = join(project, '.cache', 'mle-prep');
    expect(readdirSync(cache)).toEqual(['code']);
    expect(readdirSync(join(cache, 'code')).map((name) => name.slice(0, name.indexOf('.cjs-') + 4))).toEqual([
      'cli.cjs',
      'commands+list.cjs',
      'vendor+cli-table3.cjs',
    ]);
    const validate = cli('validate', 'node_modules/mle-prep/questions');
    expect(validate.stderr).toBe('');
    expect(validate.stdout).toMatch(/^✔ node_modules\/mle-prep\/questions: \d+ questions in \d+ files are valid\n$/);
    expect(validate.status).toBe(0);
    const show = cli('show', 'monitoring-model-drift');
    expect(show.status).toBe(0);
    expect(show.stdout).toContain('Model answer');
    // A code block drawn in colour loads the highlighter, from its own file of the package.
    const code = spawnSync(join(project, 'node_modules', '.bin', 'mle-prep'), ['show', 'coding-stable-softmax-logsumexp'], {
      cwd: project,
      env: { ...env, NO_COLOR: '', FORCE_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: code.status, stderr: code.stderr }).toEqual({ status: 0, stderr: '' });
    expect(code.stdout).toMatch(/\u001b\[32mdef\u001b\[39m \u001b\[34msoftmax\u001b\[39m/);
    expect(readdirSync(join(cache, 'code')).some((name) => name.startsWith('format+code-highlight.cjs-'))).toBe(true);
  }, 420_000);
});

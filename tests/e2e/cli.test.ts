// The built CLI, spawned as a user runs it (stdin not a TTY, no colour).
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from '@lydell/node-pty';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, REPO, runCli } from '../helpers/cli.js';
import { LONG_ANSWER, openQuestion, tinyBank, TINY_TOPICS } from '../helpers/bank.js';
import { Terminal } from '../helpers/pty.js';
import { exportFile, fakeSession } from '../helpers/sessions.js';
import { journalSessions } from '../helpers/store.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };

describe('mle-prep (built CLI)', () => {
  it('prints its version', () => {
    expect(runCli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('has --help on every command', () => {
    const top = runCli(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['quiz', 'list', 'show', 'history', 'validate']) {
      expect(top.stdout).toContain(command);
      const help = runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: mle-prep ${command}`);
    }
  });

  it('exits 2 with one line for an unknown command or option', () => {
    const unknown = runCli(['quizz']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'quizz'/);
    const badOption = runCli(['list', '--nope']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/unknown option '--nope'/);
    expect(badOption.stderr).not.toMatch(/\n\s+at /);
    expect(badOption.stderr.split('\n')[0]).toBe("mle-prep: unknown option '--nope'");
    const badValue = runCli(['history', '--limit', '0']);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr.split('\n')[0]).toBe('mle-prep: --limit must be a whole number, 1 or more.');
  });

  it('refuses a quiz without a terminal, at once, with exit 2', () => {
    const result = runCli(['quiz', '--topic', 'mlops']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('mle-prep: the quiz needs an interactive terminal, but stdin is not a TTY; run it directly in a terminal.\n');
  });

  it('names the option and the value when a value is not one of its choices', () => {
    expect(runCli(['quiz', '--type', 'mcq'])).toMatchObject({ code: 2, stderr: 'mle-prep: --type must be one of open, choice (got "mcq").\n(run with --help for usage)\n' });
    expect(runCli(['export', '--format', 'pdf']).stderr.split('\n')[0]).toBe('mle-prep: --format must be one of md, json, csv, html (got "pdf").');
  });

  it('refuses a quiz whose output goes to a file, in one sentence on the terminal, and writes nothing to the file', async () => {
    const home = tempDir();
    const out = join(home, 'out.txt');
    const shell = spawn('/bin/sh', ['-c', `"${process.execPath}" "${BIN}" quiz > "${out}"`], { cols: 80, rows: 24, cwd: REPO, env: cliEnv(home) as Record<string, string> });
    let screen = '';
    shell.onData((data) => (screen += data));
    const code = await new Promise<number>((resolve) => shell.onExit(({ exitCode }) => resolve(exitCode)));
    expect(code).toBe(2);
    expect(screen.replace(/\r/g, '')).toBe(
      'mle-prep: the quiz needs an interactive terminal, but its output goes to a file or pipe; run it directly in a terminal (`mle-prep export` writes reports).\n',
    );
    expect(readFileSync(out, 'utf8')).toBe('');
  });

  it('lists topics with counts by difficulty', () => {
    const bank = tinyBank();
    const result = runCli(['list', '--json', '--no-bundled', '--bank', bank]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      total: 3,
      topics: [
        { id: 'alpha', title: 'Alpha', description: 'The first test topic.', total: 2, beginner: 1, intermediate: 0, advanced: 1, open: 2, choice: 0 },
        { id: 'beta', title: 'Beta', description: 'The second test topic.', total: 1, beginner: 0, intermediate: 1, advanced: 0, open: 0, choice: 1 },
      ],
    });
    const text = runCli(['list', '--no-bundled', '--bank', bank]);
    expect(text.stdout).toMatch(/alpha\s+│\s+Alpha\s+│\s+1\s+│\s+0\s+│\s+1\s+│\s+2/);
  });

  it('lists question ids under their topics, in the bank\'s topic order, with as many columns as the terminal fits', async () => {
    // "zeta" comes first in this topics.yaml, so the order is the file's, not the alphabet's.
    const bank = writeTree(tempDir(), {
      'topics.yaml': TINY_TOPICS.replace('topics:\n', 'topics:\n  - id: zeta\n    title: Zeta\n    description: Listed first.\n'),
      'zeta/a-question-with-a-rather-long-identifier-indeed.md': openQuestion('zeta-a-question-with-a-rather-long-identifier-indeed', { topic: 'zeta' }),
      'alpha/first.md': openQuestion('alpha-first'),
      'alpha/second.md': openQuestion('alpha-second', { difficulty: 'intermediate' }),
    });
    const piped = runCli(['list', '--ids', '--no-bundled', '--bank', bank]);
    expect(piped).toMatchObject({ code: 0, stderr: '' });
    const pad = ' '.repeat('zeta-a-question-with-a-rather-long-identifier-indeed'.length - 'alpha-first'.length);
    expect(piped.stdout).toBe(
      [
        'zeta (1)',
        '  zeta-a-question-with-a-rather-long-identifier-indeed  beginner      open',
        '',
        'alpha (2)',
        `  alpha-first${pad}  beginner      open`,
        `  alpha-second${pad.slice(1)}  intermediate  open`,
        '',
      ].join('\n'),
    );
    const narrow = new Terminal(['list', '--ids', '--no-bundled', '--bank', bank], tempDir(), {}, 72);
    expect(await narrow.exitCode()).toBe(0);
    expect(narrow.text).toContain(`  alpha-second${pad.slice(1)}  intermediate\n`);
    expect(narrow.text).not.toContain('open');
    const tiny = new Terminal(['list', '--ids', '--no-bundled', '--bank', bank], tempDir(), {}, 60);
    expect(await tiny.exitCode()).toBe(0);
    expect(tiny.text).toContain('  alpha-second\n');
    // A topic that has no questions yet says so rather than printing an empty line.
    expect(runCli(['list', '--ids', '--topic', 'beta', '--no-bundled', '--bank', bank])).toMatchObject({ code: 0, stdout: 'No questions in beta yet.\n' });
  }, 30_000);

  it('adds a user bank to the bundled one', () => {
    const bundled = JSON.parse(runCli(['list', '--json']).stdout) as { total: number };
    const both = JSON.parse(runCli(['list', '--json', '--bank', tinyBank()]).stdout) as { total: number };
    expect(both.total).toBe(bundled.total + 3);
  });

  it('warns about, and skips, broken questions in a user bank', () => {
    const bank = tinyBank();
    writeTree(bank, { 'alpha/broken.md': '---\nid: Broken\n---\nP\n' });
    const result = runCli(['list', '--json', '--no-bundled', '--bank', bank]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).total).toBe(3);
    expect(result.stderr).toMatch(/1 question skipped\. Run `mle-prep validate .*` for details\./);
  });

  it('shows one question with its model answer, and suggests an id on a typo', () => {
    const bank = tinyBank();
    const shown = runCli(['show', 'beta-choice-one', '--no-bundled', '--bank', bank]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('beta-choice-one');
    expect(shown.stdout).toContain('✔ B. The right one');
    expect(shown.stdout).toContain('Explanation');
    const typo = runCli(['show', 'beta-choice-on', '--no-bundled', '--bank', bank]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toBe('mle-prep: no question with id "beta-choice-on" (did you mean "beta-choice-one"?); `mle-prep list --ids` lists them.\n');
  });

  it('starts with an empty history', () => {
    const result = runCli(['history', '--json']);
    expect(result).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('says there is nothing to show yet in stats, and whether filters or the profile are empty', () => {
    const empty = runCli(['stats']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe(
      'No practice recorded for tester yet. Start with: mle-prep quiz\n\n' +
        'Review forecast: nothing due in the next 7 days. mle-prep review introduces new questions.\n',
    );
    const filtered = runCli(['stats', '--since', '7d']);
    expect(filtered.stdout.split('\n')[0]).toBe('No sessions for tester match these filters.');
  });

  it('rejects a profile name that is not file-name safe', () => {
    const result = runCli(['history', '--user', '../etc']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--user "..\/etc" is not a valid profile name/);
  });

  it('says so when --no-bundled has no bank to use', () => {
    const result = runCli(['list', '--no-bundled']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--no-bundled needs at least one --bank/);
  });

  it('keeps a corrupt store aside and goes on with an empty one', () => {
    const home = tempDir();
    writeTree(home, { 'mle-prep/profile-tester.json': '{"schemaVersion": 2, "sessions": [' });
    const result = runCli(['history', '--json'], { configHome: home });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('[]\n');
    expect(result.stderr).toMatch(/profile-tester\.json was not valid JSON; it was kept as .*profile-tester\.json\.corrupt-.* and a new one was started\./);
  });
});

describe('colour', () => {
  it('is off when output is not a terminal, even without NO_COLOR', () => {
    const result = runCli(['validate', join(REPO, 'tests/fixtures/invalid/unknown-field.md')], { env: { NO_COLOR: '' } });
    expect(result.stdout).toContain('unknown-field');
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('is on in a terminal, and off there too when NO_COLOR is set', async () => {
    const colored = new Terminal(['list'], tempDir(), { NO_COLOR: '' });
    expect(await colored.exitCode()).toBe(0);
    expect(colored.raw).toMatch(/\u001b\[\d+m/);
    const plain = new Terminal(['list'], tempDir(), { NO_COLOR: '1' });
    expect(await plain.exitCode()).toBe(0);
    expect(plain.raw).not.toMatch(/\u001b\[\d+m/);
  });
});

describe('the bank cache', () => {
  it('needs nothing written for the bundled bank: its cache is built with the package', () => {
    const home = tempDir();
    const listed = runCli(['list', '--json'], { configHome: home });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).total).toBeGreaterThan(300);
    expect(runCli(['show', 'monitoring-model-drift'], { configHome: home }).stdout).toContain('Model answer');
    expect(existsSync(join(home, '.cache', 'mle-prep'))).toBe(false);
  });

  it('is written on first use, reused, and invalidated by an edit', () => {
    const bank = tinyBank();
    const home = tempDir();
    const list = () => JSON.parse(runCli(['list', '--json', '--no-bundled', '--bank', bank], { configHome: home }).stdout).topics[0];
    expect(list()).toMatchObject({ id: 'alpha', beginner: 1, advanced: 1 });
    const cacheDir = join(home, '.cache', 'mle-prep');
    const files = readdirSync(cacheDir).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^bank-[0-9a-f]{8}\.json$/);
    expect(files[1]).toBe(files[0]!.replace('.json', '.summary.json'));
    const file = files[1];
    const cachedAt = statSync(join(cacheDir, file!)).mtimeMs;
    expect(list()).toMatchObject({ beginner: 1 });
    expect(statSync(join(cacheDir, file!)).mtimeMs).toBe(cachedAt);

    const question = join(bank, 'alpha', 'first.md');
    writeFileSync(question, readFileSync(question, 'utf8').replace('difficulty: "beginner"', 'difficulty: "advanced"'));
    expect(list()).toMatchObject({ beginner: 0, advanced: 2 });
  });

  it('sees a same-size edit that keeps the old mtime (cp -p, rsync -a, tar)', () => {
    const bank = tinyBank();
    const home = tempDir();
    const list = () => JSON.parse(runCli(['list', '--json', '--no-bundled', '--bank', bank], { configHome: home }).stdout).topics[0];
    const question = join(bank, 'alpha', 'first.md');
    // A whole-second mtime, so restoring it below gives exactly the same value.
    const stamp = new Date('2026-01-01T00:00:00Z');
    utimesSync(question, stamp, stamp);
    expect(list()).toMatchObject({ beginner: 1, advanced: 1 });
    const before = statSync(question);
    // "beginner" -> "advanced" has the same length; the restored mtime hides the edit from size and mtime alone.
    writeFileSync(question, readFileSync(question, 'utf8').replace('difficulty: "beginner"', 'difficulty: "advanced"'));
    utimesSync(question, stamp, stamp);
    expect(statSync(question)).toMatchObject({ size: before.size, mtimeMs: before.mtimeMs });
    expect(list()).toMatchObject({ beginner: 0, advanced: 2 });
  });

  it('is invalidated when the topics.yaml above a bank changes', () => {
    const root = writeTree(tempDir(), { 'topics.yaml': TINY_TOPICS, 'bank/q.md': openQuestion('alpha-only') });
    const home = tempDir();
    const list = () => runCli(['list', '--json', '--no-bundled', '--bank', join(root, 'bank')], { configHome: home });
    expect(JSON.parse(list().stdout).total).toBe(1);
    writeFileSync(join(root, 'topics.yaml'), TINY_TOPICS.replace('id: alpha', 'id: gamma'));
    const after = list();
    expect(JSON.parse(after.stdout).total).toBe(0);
    expect(after.stderr).toMatch(/1 problem in 1 question file; 1 question skipped/);
  });

  it('names the questions skipped because the bundled bank already uses their ids', () => {
    const bank = writeTree(tempDir(), { 'q.md': openQuestion('monitoring-model-drift', { topic: 'monitoring' }) });
    const result = runCli(['list', '--json', '--bank', bank]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'mle-prep: 1 question skipped because its id is already used by the bundled bank or an earlier --bank: monitoring-model-drift. Give it a new id.\n',
    );
  });

  it('serves list and stats from the summary, without the question text, and quiz and show from the full copy', () => {
    const bank = tinyBank();
    const home = tempDir();
    const cacheDir = join(home, '.cache', 'mle-prep');
    expect(runCli(['list', '--json', '--no-bundled', '--bank', bank], { configHome: home }).code).toBe(0);
    const [full, summary] = readdirSync(cacheDir).sort().map((f) => join(cacheDir, f));
    const summaryText = readFileSync(summary!, 'utf8');
    expect(summaryText).toContain('"alpha-first"');
    expect(readFileSync(full!, 'utf8')).toContain(LONG_ANSWER.slice(0, 40));
    expect(summaryText).not.toContain(LONG_ANSWER.slice(0, 40));
    expect(summaryText.length).toBeLessThan(readFileSync(full!, 'utf8').length / 2);

    // With the full copy damaged, list and stats still read the summary (and leave the full copy alone)...
    writeFileSync(full!, 'damaged');
    const listed = runCli(['list', '--ids', '--json', '--no-bundled', '--bank', bank], { configHome: home });
    expect(JSON.parse(listed.stdout).map((q: { id: string }) => q.id)).toEqual(['alpha-first', 'alpha-second', 'beta-choice-one']);
    expect(runCli(['stats', '--no-bundled', '--bank', bank], { configHome: home }).code).toBe(0);
    expect(readFileSync(full!, 'utf8')).toBe('damaged');
    // ...while show needs the text: it parses the bank again and rewrites the full copy.
    const shown = runCli(['show', 'alpha-first', '--no-bundled', '--bank', bank], { configHome: home });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Model answer');
    expect(JSON.parse(readFileSync(full!, 'utf8')).bank.questions).toHaveLength(3);

    // Without a summary, list makes one from the full copy rather than parsing the bank again.
    rmSync(summary!);
    const fullAt = statSync(full!).mtimeMs;
    expect(JSON.parse(runCli(['list', '--json', '--no-bundled', '--bank', bank], { configHome: home }).stdout).total).toBe(3);
    expect(readFileSync(summary!, 'utf8')).toBe(summaryText);
    expect(statSync(full!).mtimeMs).toBe(fullAt);
  });

  it('keeps text outside ASCII exactly, from a file that is itself plain ASCII', () => {
    const bank = writeTree(tinyBank(), { 'alpha/symbols.md': openQuestion('alpha-symbols').replace('explain it.', 'keep p95 ≤ 200 ms — café 🚀?') });
    const home = tempDir();
    const show = () => runCli(['show', 'alpha-symbols', '--no-bundled', '--bank', bank], { configHome: home });
    const first = show();
    expect(first.stdout).toContain('keep p95 ≤ 200 ms — café 🚀?');
    const cacheDir = join(home, '.cache', 'mle-prep');
    expect(readdirSync(cacheDir)).toHaveLength(2);
    for (const file of readdirSync(cacheDir)) expect(readFileSync(join(cacheDir, file), 'utf8')).toMatch(/^[\x00-\x7f]*$/);
    expect(show()).toEqual(first);
  });

  it('is ignored when damaged', () => {
    const bank = tinyBank();
    const home = tempDir();
    runCli(['list', '--json', '--no-bundled', '--bank', bank], { configHome: home });
    const cacheDir = join(home, '.cache', 'mle-prep');
    for (const f of readdirSync(cacheDir)) writeFileSync(join(cacheDir, f), '{"signature": "x", "bank": ');
    const result = runCli(['list', '--json', '--no-bundled', '--bank', bank], { configHome: home });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).total).toBe(3);
  });
});

describe('profiles', () => {
  function withSessions(home: string, user: string, count: number) {
    const dir = tempDir();
    const file = join(dir, `${user}.json`);
    writeFileSync(file, exportFile(Array.from({ length: count }, (_, i) => fakeSession(`${user}-${i}`, `2026-11-${String(10 + i).padStart(2, '0')}T08:00:00.000Z`))));
    expect(runCli(['import', file, '--user', user], { configHome: home }).code).toBe(0);
  }

  it('lists the profiles on this machine with their session counts', () => {
    const home = tempDir();
    withSessions(home, 'ada', 2);
    withSessions(home, 'bob', 1);
    expect(JSON.parse(runCli(['users', '--json'], { configHome: home, env: { MLE_PREP_USER: 'bob' } }).stdout)).toEqual([
      { user: 'ada', sessions: 2, lastPractice: '2026-11-11T08:00:00.000Z', current: false },
      { user: 'bob', sessions: 1, lastPractice: '2026-11-10T08:00:00.000Z', current: true },
    ]);
    expect(runCli(['history', '--json', '--user', 'ada'], { configHome: home }).stdout).toContain('ada-1');
    expect(runCli(['history', '--json', '--user', 'bob'], { configHome: home }).stdout).not.toContain('ada-1');
  });

  it('deletes one profile only after confirmation, or with --yes', () => {
    const home = tempDir();
    withSessions(home, 'ada', 2);
    withSessions(home, 'bob', 1);
    const noTerminal = runCli(['reset', '--user', 'ada'], { configHome: home });
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toMatch(/confirm in a terminal, or pass --yes/);
    expect(runCli(['reset'], { configHome: home }).stderr).toMatch(/reset needs --user <name>/);
    expect(runCli(['reset', '--user', 'nobody', '--yes'], { configHome: home }).stderr).toMatch(/there is no profile "nobody"/);
    expect(runCli(['reset', '--user', 'ada', '--yes'], { configHome: home })).toMatchObject({ code: 0, stdout: 'Deleted profile "ada" (2 sessions).\n' });
    expect(JSON.parse(runCli(['users', '--json'], { configHome: home }).stdout).map((u: { user: string }) => u.user)).toEqual(['bob']);
  });

  it('deletes the copies a profile left aside too, even once its store itself was set aside', () => {
    const home = tempDir();
    withSessions(home, 'ada', 1);
    withSessions(home, 'ada-b', 1);
    const dir = join(home, 'mle-prep');
    writeTree(dir, {
      'profile-ada.json.v1-backup-2026-11-01T00-00-00-000Z': '{}',
      'rescued-ada-2026-11-02T00-00-00-000Z.json': '{}',
    });
    // A corrupt profile file is moved aside by the first command that reads it; the journal's session stays.
    writeFileSync(join(dir, 'profile-ada.json'), '{"sessions": [');
    runCli(['history', '--user', 'ada'], { configHome: home });
    const result = runCli(['reset', '--user', 'ada', '--yes'], { configHome: home });
    expect(result).toMatchObject({ code: 0, stdout: 'Deleted profile "ada" (1 session and 3 kept-aside copies).\n' });
    expect(readdirSync(dir).filter((f) => !f.startsWith('profile-ada-b.')).sort()).toEqual([]);
    expect(JSON.parse(runCli(['history', '--json', '--user', 'ada-b'], { configHome: home }).stdout)).toHaveLength(1);
  });

  it('asks before deleting in a terminal, and keeps the profile on "no"', async () => {
    const home = tempDir();
    withSessions(home, 'ada', 1);
    const term = new Terminal(['reset', '--user', 'ada'], home);
    await term.waitFor('Delete profile "ada": 1 session? This cannot be undone.');
    await term.type('n');
    await term.type('\r');
    expect(await term.exitCode()).toBe(0);
    expect(term.text).toContain('Nothing was deleted.');
    expect(JSON.parse(runCli(['history', '--json', '--user', 'ada'], { configHome: home }).stdout)).toHaveLength(1);
  });

  it('never lets stored text drive the terminal', async () => {
    const home = tempDir();
    const dir = tempDir();
    const session = fakeSession('s1', '2026-11-10T08:00:00.000Z', 2);
    session.results[0]!.questionId = 'evil\u001b]0;pwned\u0007\u001b[2J-id';
    session.results[0]!.topic = 'topic\u001b[10;10H';
    writeFileSync(join(dir, 's.json'), exportFile([session]));
    expect(runCli(['import', join(dir, 's.json')], { configHome: home }).code).toBe(0);
    for (const command of [['history'], ['stats']]) {
      const term = new Terminal(command, home);
      expect(await term.exitCode()).toBe(0);
      expect(term.raw).not.toMatch(/\u001b\]0;|\u001b\[2J|\u001b\[10;10H/);
    }
  });
});

describe('output to a pipe or a file', () => {
  it('carries no escape sequence from any field of an imported session (history | cat, stats | head, export > r.md)', () => {
    const home = tempDir();
    const dir = tempDir();
    const evil = (label: string) => `${label}\u001b]0;pwned\u0007\u001b[2J\u001b]52;c;ZXZpbA==\u0007\u009b2J`;
    const session = fakeSession(evil('s1'), '2026-11-10T08:00:00.000Z', 2);
    session.mode = evil('quiz') as typeof session.mode;
    session.results[0] = { ...session.results[0]!, questionId: evil('q'), topic: evil('topic'), difficulty: evil('beginner') as 'beginner', answer: evil('answer') };
    writeFileSync(join(dir, 's.json'), exportFile([session]));
    expect(runCli(['import', join(dir, 's.json')], { configHome: home }).code).toBe(0);
    const outputs = [
      runCli(['history'], { configHome: home }).stdout,
      runCli(['stats'], { configHome: home }).stdout,
      runCli(['export', '--format', 'md'], { configHome: home }).stdout,
      runCli(['export', '--format', 'csv'], { configHome: home }).stdout,
      runCli(['export', '--format', 'html', '--output', '-'], { configHome: home }).stdout,
    ];
    expect(runCli(['export', '--format', 'md', '--output', join(dir, 'r.md')], { configHome: home }).code).toBe(0);
    expect(runCli(['export', '--format', 'csv', '--output', join(dir, 'r.csv')], { configHome: home }).code).toBe(0);
    outputs.push(readFileSync(join(dir, 'r.md'), 'utf8'), readFileSync(join(dir, 'r.csv'), 'utf8'));
    for (const output of outputs) {
      expect(output).not.toContain('pwned');
      expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }
    // The list is laid out on the cleaned text, so its columns line up with the header's.
    const [head, row] = outputs[0]!.split('\n');
    expect(row!.indexOf('2026-11-10 08:00')).toBe(head!.indexOf('started'));
    expect(row!.indexOf('%') + 1).toBe(head!.indexOf('score') + 'score'.length);
    // JSON keeps the data exactly, escaped as JSON escapes it.
    const json = runCli(['history', '--json'], { configHome: home }).stdout;
    expect(json).not.toMatch(/\u001b/);
    expect(JSON.parse(json)[0].mode).toBe(session.mode);
  });
});

describe('import', () => {

  it('takes an id repeated within the file once, and replaces a damaged stored copy with the good one', () => {
    const home = tempDir();
    const damaged = { ...fakeSession('s-1', '2026-11-10T08:00:00.000Z'), score: '0.5' };
    writeTree(home, { 'mle-prep/profile-tester.json': JSON.stringify({ schemaVersion: 2, sessions: [damaged], cards: {}, settings: {} }) });
    const file = join(tempDir(), 'backup.json');
    const good = fakeSession('s-1', '2026-11-10T08:00:00.000Z');
    writeFileSync(file, exportFile([good, fakeSession('dup', '2026-11-11T08:00:00.000Z'), fakeSession('dup', '2026-11-11T08:00:00.000Z')]));
    const result = runCli(['import', file], { configHome: home });
    expect(result).toMatchObject({ code: 0, stdout: 'Imported 2 sessions into tester; 1 repeated in the file.\n' });
    const history = JSON.parse(runCli(['history', '--json'], { configHome: home }).stdout) as Array<{ id: string }>;
    expect(history.map((s) => s.id).sort()).toEqual(['dup', 's-1']);
    expect(runCli(['export', '--session', 'dup', '--format', 'json'], { configHome: home }).code).toBe(0);
  });

  it('takes back a store file kept aside (its schemaVersion counts store versions)', () => {
    const home = tempDir();
    const kept = join(tempDir(), 'profile-tester.json.corrupt-x');
    writeFileSync(kept, JSON.stringify({ schemaVersion: 2, sessions: [fakeSession('old', '2026-11-10T08:00:00.000Z')], cards: {}, settings: {} }));
    expect(runCli(['import', kept], { configHome: home })).toMatchObject({ code: 0, stdout: 'Imported 1 session into tester.\n' });
    expect(journalSessions(home)).toHaveLength(1);
  });
});

describe('history', () => {
  it('shows no score for a session stopped before any answer was graded', () => {
    const home = tempDir();
    const stopped = fakeSession('stopped1', '2026-11-12T08:00:00.000Z', 1);
    const { keyPointsCovered: _ticked, ...answered } = stopped.results[0]!;
    stopped.results[0] = { ...answered, status: 'ungraded', score: 0 };
    const file = join(tempDir(), 'e.json');
    writeFileSync(file, exportFile([stopped, fakeSession('graded01', '2026-11-13T08:00:00.000Z', 1)]));
    expect(runCli(['import', file], { configHome: home }).code).toBe(0);
    const rows = runCli(['history'], { configHome: home }).stdout.split('\n');
    expect(rows.find((r) => r.startsWith('stopped1'))).toMatch(/ 1 +– +0:\d\d /);
    expect(rows.find((r) => r.startsWith('graded01'))).toMatch(/ 1 +50% +0:\d\d /);
  });
});

describe('settings a hand edit broke', () => {
  it('fall back to the default instead of printing NaN', () => {
    const home = tempDir();
    writeTree(home, { 'mle-prep/profile-tester.json': JSON.stringify({ schemaVersion: 2, sessions: [], cards: {}, settings: { newPerDay: 'ten', retention: 2, plan: { interview: 'soon' }, ai: { url: 'ftp://x', model: 3, timeout: -1 } } }) });
    expect(runCli(['config'], { configHome: home }).stdout).toBe(
      'new-per-day = 10 (default)  # new questions `review` introduces per day\n' +
        'retention = 0.9 (default)  # the recall to keep each question at: shorter review intervals when higher (FSRS desired retention)\n' +
        'ai.url = off (default)  # an OpenAI-compatible API (e.g. http://localhost:11434/v1 for Ollama); answers are sent there only when set; "off" removes it\n' +
        'ai.model = off (default)  # the model to ask at ai.url (e.g. llama3.1); the API key is read from MLE_PREP_AI_KEY or OPENAI_API_KEY, never stored\n' +
        'ai.timeout = 15 (default)  # seconds to wait for the model before falling back to the offline suggestions\n',
    );
    expect(runCli(['plan'], { configHome: home }).stdout).toMatch(/^No interview date set for tester\./);
  });
});

describe('options and messages a user trips over', () => {
  it('narrows list to --topic, and refuses an unknown topic in stats like everywhere else', () => {
    const list = runCli(['list', '--topic', 'mlops', 'career']);
    expect(list.stdout).toMatch(/\d+ questions in 2 topics\. Start with: mle-prep quiz --topic mlops\n$/);
    expect(list.stdout).not.toContain('serving');
    const stats = runCli(['stats', '--topic', 'nope']);
    expect(stats.code).toBe(2);
    expect(stats.stderr).toMatch(/^mle-prep: unknown topic "nope"; valid topics: /);
  });

  it('says in one sentence why an import or an export file cannot be used', () => {
    const home = tempDir();
    const dir = tempDir();
    writeFileSync(join(dir, 'all.csv'), 'session_id,question_id\n1,2\n');
    expect(runCli(['import', join(dir, 'all.csv')], { configHome: home }).stderr).toBe(
      `mle-prep: cannot import ${join(dir, 'all.csv')}: it is not JSON. Import takes what \`mle-prep export --format json\` writes.\n`,
    );
    writeFileSync(join(dir, 's.json'), exportFile([fakeSession('one', '2026-11-10T08:00:00.000Z', 1)]));
    expect(runCli(['import', join(dir, 's.json')], { configHome: home }).code).toBe(0);
    const folder = runCli(['export', '--format', 'html', '-o', dir], { configHome: home });
    expect(folder).toMatchObject({ code: 1, stderr: `mle-prep: ${dir} is a folder; give a file name, such as ${join(dir, 'report.html')}.\n` });
    const missing = runCli(['export', '--format', 'md', '-o', join(dir, 'nope', 'r.md')], { configHome: home });
    expect(missing).toMatchObject({ code: 1, stderr: `mle-prep: cannot write ${join(dir, 'nope', 'r.md')}: the folder ${join(dir, 'nope')} does not exist.\n` });
  });
});

describe('tables in a terminal', () => {
  it('fit the width: list drops its titles and then shortens a header, and history wraps its topics inside their column', async () => {
    const home = tempDir();
    const dir = tempDir();
    writeFileSync(join(dir, 's.json'), exportFile([fakeSession('wide0001', '2026-11-10T08:00:00.000Z', 8)]));
    expect(runCli(['import', join(dir, 's.json')], { configHome: home }).code).toBe(0);
    const widths = (text: string) => Math.max(...text.split('\n').map((line) => line.trimEnd().length));

    const narrowList = new Terminal(['list'], home, {}, 80);
    expect(await narrowList.exitCode()).toBe(0);
    expect(narrowList.text).not.toContain('ML system design');
    expect(widths(narrowList.text)).toBeLessThanOrEqual(80);
    expect(narrowList.text).toContain('│ intermediate │');
    // A column to spare at every width: the longest level header shortens first, then all three.
    const tighterList = new Terminal(['list'], home, {}, 64);
    expect(await tighterList.exitCode()).toBe(0);
    expect(widths(tighterList.text)).toBeLessThan(64);
    expect(tighterList.text).toContain('│ beginner │ interm. │ advanced │');
    const tightList = new Terminal(['list'], home, {}, 60);
    expect(await tightList.exitCode()).toBe(0);
    expect(widths(tightList.text)).toBeLessThan(60);
    expect(tightList.text).toContain('│ beg. │ int. │ adv. │');
    // A suggested command is never split across lines.
    expect(tightList.text).toMatch(/Start with:\n {2}mle-prep quiz --topic system-design\n/);
    const wideList = new Terminal(['list'], home, {}, 120);
    expect(await wideList.exitCode()).toBe(0);
    expect(wideList.text).toContain('ML system design');

    const narrowHistory = new Terminal(['history'], home, {}, 60);
    expect(await narrowHistory.exitCode()).toBe(0);
    expect(widths(narrowHistory.text)).toBeLessThan(60);
    expect(narrowHistory.text).toMatch(/^wide0001 {2}2026-11-10 08:00 {2}quiz {2,}8 +\d+% +\d+:\d\d$/m);
    const wideHistory = new Terminal(['history'], home, {}, 120);
    expect(await wideHistory.exitCode()).toBe(0);
    expect(wideHistory.text).toContain('mlops, serving, monitoring, ml-fundamentals');
    expect(widths(wideHistory.text)).toBeLessThanOrEqual(120);
  }, 30_000);

  it('fit the width: help wraps its descriptions and puts each example\'s description under it', async () => {
    for (const args of [['--help'], ['quiz', '--help'], ['validate', '--help']]) {
      const term = new Terminal(args, tempDir(), {}, 60);
      expect(await term.exitCode()).toBe(0);
      expect(Math.max(...term.text.split('\n').map((l) => l.trimEnd().length))).toBeLessThanOrEqual(60);
      if (args[0] === '--help') expect(term.text).toContain('  $ mle-prep quiz --topic mlops\n      a timed 10-question MLOps quiz\n');
    }
    const wide = new Terminal(['--help'], tempDir(), {}, 100);
    expect(await wide.exitCode()).toBe(0);
    expect(wide.text).toMatch(/ {2}\$ mle-prep quiz --topic mlops {15}a timed 10-question MLOps quiz\n/);

    // No command: the help goes to stderr, and takes the width of stderr (the terminal) when stdout is a pipe.
    const { spawn } = await import('@lydell/node-pty');
    const shell = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" >/dev/null`], { cols: 60, rows: 40, env: cliEnv(tempDir(), { TERM: 'xterm-256color' }) as Record<string, string> });
    let stderr = '';
    shell.onData((d) => (stderr += d));
    expect(await new Promise((resolve) => shell.onExit(({ exitCode }) => resolve(exitCode)))).toBe(2);
    expect(stderr.replace(/\r/g, '')).toContain('  $ mle-prep quiz --topic mlops\n      a timed 10-question MLOps quiz\n');
  }, 30_000);

  it('fit the width: stats shortens its score bars, drops them when there is no room, and wraps its sentences', async () => {
    const home = tempDir();
    const dir = tempDir();
    // Missed questions with ids as long as the bundled bank's longest (49 characters).
    const longIds = fakeSession('three', '2026-11-14T08:00:00.000Z', 4, () => 0);
    longIds.results = longIds.results.map((r, i) => ({ ...r, questionId: `mlops-a-question-whose-id-is-about-as-long-as-i-${i}` }));
    writeFileSync(join(dir, 's.json'), exportFile([fakeSession('one', '2026-11-10T08:00:00.000Z', 8), fakeSession('two', '2026-11-12T08:00:00.000Z', 8), longIds]));
    expect(runCli(['import', join(dir, 's.json')], { configHome: home }).code).toBe(0);
    const lines = (text: string) => text.split('\n').map((line) => line.trimEnd());
    const barOf = (text: string, topic: string) => lines(text).find((l) => l.startsWith(`│ ${topic} `))?.match(/[█░]+/)?.[0] ?? '';

    const wide = new Terminal(['stats'], home, {}, 120);
    expect(await wide.exitCode()).toBe(0);
    expect(barOf(wide.text, 'mlops')).toHaveLength(24);
    expect(wide.text).toContain('Drill them: mle-prep quiz --weak, or mle-prep quiz --topic');
    expect(wide.text).toMatch(/│ mlops-a-question-whose-id-is-about-as-long-as-i-0 +│ mlops +│ +1 of 1 │/);

    const narrow = new Terminal(['stats'], home, {}, 60);
    expect(await narrow.exitCode()).toBe(0);
    expect(Math.max(...lines(narrow.text).map((l) => l.length))).toBeLessThanOrEqual(60);
    expect(barOf(narrow.text, 'mlops').length).toBeGreaterThanOrEqual(6);
    expect(barOf(narrow.text, 'mlops').length).toBeLessThan(24);
    expect(narrow.text).toMatch(/Review forecast: nothing due in the next 7 days\.\n {2}mle-prep review introduces new questions\./);
    // The most-missed table would be 75 columns wide: a list instead, the topic wrapped under the id.
    expect(narrow.text).toMatch(/Most missed\n( {2}\d of \d {2}.*\n)* {2}1 of 1 {2}mlops-a-question-whose-id-is-about-as-long-as-i-0\n {10}· mlops\n/);

    const tiny = new Terminal(['stats'], home, {}, 44);
    expect(await tiny.exitCode()).toBe(0);
    expect(Math.max(...lines(tiny.text).map((l) => l.length))).toBeLessThanOrEqual(44);
    expect(tiny.text).toMatch(/│ mlops +│ +\d+ │ +\d+% │\n/);
    expect(tiny.text).not.toMatch(/[█░]/);
  }, 30_000);
});

describe('grade', () => {
  it('prints per key point whether the answer covers it, with the evidence, as text and as JSON, and saves nothing', () => {
    const bank = tinyBank();
    const dir = tempDir();
    const file = join(dir, 'answer.txt');
    writeFileSync(file, 'I would alert when the PSI goes above 0.2, since that is a real shift.\nNothing else.');
    const text = runCli(['grade', 'alpha-first', '--answer-file', file, '--no-bundled', '--bank', bank]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^alpha-first: 1 of 3 key points look covered\n/);
    expect(text.stdout.replace(/\n\s+/g, ' ')).toContain('“I would alert when the PSI goes above 0.2, since that is a real shift.”');
    const json = JSON.parse(runCli(['grade', 'alpha-first', '--answer-file', file, '--json', '--no-bundled', '--bank', bank]).stdout);
    expect(json.id).toBe('alpha-first');
    expect(json.keyPoints.map((k: { index: number; covered: boolean }) => [k.index, k.covered])).toEqual([[0, false], [1, false], [2, true]]);
    expect(Object.keys(json.keyPoints[2])).toEqual(['index', 'text', 'covered', 'confidence', 'evidence']);
    expect(json.keyPoints[0].evidence).toBeNull();
    const fromStdin = runCli(['grade', 'alpha-first', '--answer-file', '-', '--json', '--no-bundled', '--bank', bank], { input: 'PSI above 0.2 means a real shift worth acting on.' });
    expect(JSON.parse(fromStdin.stdout).keyPoints[2].covered).toBe(true);
  });

  it('says in one sentence what is wrong with a missing file, an unknown id or a choice question', () => {
    const bank = tinyBank();
    const missing = runCli(['grade', 'alpha-first', '--answer-file', '/nope/answer.txt', '--no-bundled', '--bank', bank]);
    expect(missing).toMatchObject({ code: 2, stderr: 'mle-prep: cannot read the answer file /nope/answer.txt: it does not exist.\n' });
    const file = join(tempDir(), 'a.txt');
    writeFileSync(file, 'x');
    expect(runCli(['grade', 'alpha-frist', '--answer-file', file, '--no-bundled', '--bank', bank]).stderr).toMatch(/^mle-prep: no question with id "alpha-frist" \(did you mean "alpha-first"\?\)/);
    expect(runCli(['grade', 'beta-choice-one', '--answer-file', file, '--no-bundled', '--bank', bank])).toMatchObject({ code: 1 });
  });
});

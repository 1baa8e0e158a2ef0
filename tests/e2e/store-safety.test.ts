// The score store under real abuse: many processes saving at once, writers stopped for as long as the test
// likes, and writers killed mid-save. Every moment is reached through a preload that stops or kills the process
// at an exact point and leaves a marker (tests/helpers/stop-at.mjs): no test waits on the clock.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, runCli } from '../helpers/cli.js';
import { exportFile, fakeSession } from '../helpers/sessions.js';
import { journalSessions } from '../helpers/store.js';
import { tempDir } from '../helpers/temp.js';

const STOP_AT = new URL('../helpers/stop-at.mjs', import.meta.url).href;

function start(args: string[], home: string, options: { stopAt?: string; marker?: string } = {}) {
  const node = options.stopAt ? ['--import', STOP_AT] : [];
  const env: Record<string, string> = options.stopAt ? { MLE_PREP_TEST_STOP_AT: options.stopAt, MLE_PREP_TEST_STOP_MARKER: options.marker ?? '' } : {};
  const child = spawn(process.execPath, [...node, BIN, ...args], { env: cliEnv(home, env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done, stderr: () => stderr };
}

/** Resolves when `condition` holds; polled, and bounded only so a broken build fails instead of hanging. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; !condition(); i++) {
    if (i > 3000) throw new Error('the process never reached the marked moment');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ids = (home: string) => journalSessions(home).map((s) => s.id);
const historyIds = (home: string) => (JSON.parse(runCli(['history', '--json'], { configHome: home }).stdout) as Array<{ id: string }>).map((s) => s.id);

function storeWith(count: number): { home: string; dir: string } {
  const home = tempDir();
  const dir = tempDir();
  const base = Array.from({ length: count }, (_, i) => fakeSession(`base-${i}`, '2026-11-01T08:00:00.000Z'));
  writeFileSync(join(dir, 'base.json'), exportFile(base));
  expect(runCli(['import', join(dir, 'base.json')], { configHome: home }).code).toBe(0);
  return { home, dir };
}

function sessionFile(dir: string, id: string, startedAt = '2026-11-02T08:00:00.000Z'): string {
  const file = join(dir, `${id}.json`);
  writeFileSync(file, exportFile([fakeSession(id, startedAt)]));
  return file;
}

describe('the score store', () => {
  it('keeps every session when 20 processes save at the same moment', async () => {
    const home = tempDir();
    const dir = tempDir();
    const files = Array.from({ length: 20 }, (_, i) => sessionFile(dir, `session-${i}`, `2026-11-${String(i + 1).padStart(2, '0')}T08:00:00.000Z`));
    const runs = await Promise.all(files.map((file) => start(['import', file], home).done));
    expect(runs.map((r) => [r.code, r.stderr])).toEqual(runs.map(() => [0, '']));
    expect(ids(home).sort()).toEqual(files.map((_, i) => `session-${i}`).sort());
    expect(historyIds(home).sort()).toEqual(files.map((_, i) => `session-${i}`).sort());
  }, 120_000);

  it('keeps all of six imports saving at once into a long history', async () => {
    const { home, dir } = storeWith(4000);
    const files = Array.from({ length: 6 }, (_, i) => sessionFile(dir, `parallel-${i}`));
    const runs = await Promise.all(files.map((file) => start(['import', file], home).done));
    expect(runs.map((r) => [r.code, r.stdout, r.stderr])).toEqual(runs.map(() => [0, 'Imported 1 session into tester.\n', '']));
    expect(ids(home).slice(-6).sort()).toEqual(files.map((_, i) => `parallel-${i}`));
    expect(JSON.parse(runCli(['users', '--json'], { configHome: home }).stdout)).toEqual([expect.objectContaining({ sessions: 4006 })]);
  }, 120_000);

  it('loses nothing when a saver is stopped for as long as it takes while another saves (4,000 sessions)', async () => {
    const { home, dir } = storeWith(4000);
    const journal = join(home, 'mle-prep', 'profile-tester.jsonl');
    const marker = join(dir, 'stopped');
    // The first import has read the profile and is about to save when it is stopped.
    const first = start(['import', sessionFile(dir, 'first')], home, { stopAt: `append:${journal}`, marker });
    await until(() => existsSync(marker));
    // However long it stays stopped, the second import neither waits for it nor is undone by it.
    const second = runCli(['import', sessionFile(dir, 'second')], { configHome: home });
    expect(second).toMatchObject({ code: 0, stdout: 'Imported 1 session into tester.\n', stderr: '' });
    first.child.kill('SIGCONT');
    const resumed = await first.done;
    expect(resumed).toMatchObject({ code: 0, stdout: 'Imported 1 session into tester.\n', stderr: '' });
    expect(ids(home).slice(-2).sort()).toEqual(['first', 'second']);
    expect(JSON.parse(runCli(['users', '--json'], { configHome: home }).stdout)).toEqual([expect.objectContaining({ sessions: 4002 })]);
    for (const id of ['first', 'second']) expect(runCli(['export', '--session', id, '--format', 'json'], { configHome: home }).code).toBe(0);
  }, 120_000);

  it('loses nothing when a saver stopped before writing its snapshot writes it after a newer one', async () => {
    const { home, dir } = storeWith(50);
    const index = join(home, 'mle-prep', 'profile-tester.jsonl.index');
    const marker = join(dir, 'stopped');
    // An import writes the index back once it is more than 64 KB of journal behind: this one adds more than that.
    const many = Array.from({ length: 120 }, (_, i) => fakeSession(`first-${i}`, '2026-11-02T08:00:00.000Z'));
    writeFileSync(join(dir, 'first.json'), exportFile(many));
    expect(JSON.stringify(many).length).toBeGreaterThan(64 * 1024);
    const first = start(['import', join(dir, 'first.json')], home, { stopAt: `rename:${index}`, marker });
    await until(() => existsSync(marker));
    expect(runCli(['import', sessionFile(dir, 'second')], { configHome: home }).code).toBe(0);
    first.child.kill('SIGCONT');
    expect((await first.done).code).toBe(0);
    // Its snapshot says it covers less of the journal than there is: readers fold in the rest.
    expect(JSON.parse(readFileSync(index, 'utf8').split('\n')[0]!).bytes).toBeLessThan(readFileSync(join(home, 'mle-prep', 'profile-tester.jsonl')).length);
    const users = JSON.parse(runCli(['users', '--json'], { configHome: home }).stdout);
    expect(users).toEqual([expect.objectContaining({ user: 'tester', sessions: 171 })]);
    expect(runCli(['export', '--session', 'second', '--format', 'json'], { configHome: home }).code).toBe(0);
    expect(runCli(['export', '--session', 'first-119', '--format', 'json'], { configHome: home }).code).toBe(0);
  }, 60_000);

  it('keeps the journal whole when a saver is killed before it writes', async () => {
    const { home, dir } = storeWith(10);
    const journal = join(home, 'mle-prep', 'profile-tester.jsonl');
    const before = readFileSync(journal);
    const marker = join(dir, 'stopped');
    const killed = start(['import', sessionFile(dir, 'lost')], home, { stopAt: `append:${journal}`, marker });
    await until(() => existsSync(marker));
    killed.child.kill('SIGKILL');
    expect((await killed.done).signal).toBe('SIGKILL');
    expect(readFileSync(journal).equals(before)).toBe(true);
    expect(runCli(['import', sessionFile(dir, 'next')], { configHome: home })).toMatchObject({ code: 0, stderr: '' });
    expect(historyIds(home)).toHaveLength(11);
  }, 60_000);

  it('sets aside the torn line of a saver killed mid-write, says so once, and keeps every other session', async () => {
    const { home, dir } = storeWith(10);
    const journal = join(home, 'mle-prep', 'profile-tester.jsonl');
    const size = readFileSync(journal).length;
    const marker = join(dir, 'torn');
    const killed = start(['import', sessionFile(dir, 'torn')], home, { stopAt: `tear:${journal}`, marker });
    expect((await killed.done).signal).toBe('SIGKILL');
    expect(readFileSync(journal).length).toBeGreaterThan(size);

    const next = runCli(['import', sessionFile(dir, 'after')], { configHome: home });
    expect(next.code).toBe(0);
    expect(next.stderr).toBe(
      `mle-prep: the last save in ${journal} was cut off mid-write (${readFileSync(`${journal}.torn-${size}`).length} bytes, kept as ${journal}.torn-${size}); every other session reads as before.\n`,
    );
    const history = runCli(['history', '--json'], { configHome: home });
    expect(history.stderr).toBe('');
    expect((JSON.parse(history.stdout) as Array<{ id: string }>).map((s) => s.id)).toEqual(expect.arrayContaining(['after', 'base-0', 'base-9']));
    expect(JSON.parse(history.stdout)).toHaveLength(11);
    // The torn copy is the profile's, so reset counts and removes it.
    expect(runCli(['reset', '--user', 'tester', '--yes'], { configHome: home }).stdout).toBe('Deleted profile "tester" (11 sessions and 1 kept-aside copy).\n');
    expect(existsSync(`${journal}.torn-${size}`)).toBe(false);
  }, 60_000);
});

describe('the profile file lock', () => {
  it('says it is waiting, and for what, while another mle-prep holds the lock', async () => {
    const home = tempDir();
    const lock = join(home, 'mle-prep', 'profile-tester.json.lock');
    mkdirSync(lock, { recursive: true });
    const waiting = start(['config', 'new-per-day', '4'], home);
    await until(() => waiting.stderr().includes('waiting'));
    expect(waiting.stderr()).toBe(
      `mle-prep: waiting for another mle-prep that is changing ${join(home, 'mle-prep', 'profile-tester.json')} (it holds ${lock}); a lock its holder stops refreshing is taken over after 10 s.\n`,
    );
    // The holder finishes.
    const { rmSync } = await import('node:fs');
    rmSync(lock, { recursive: true });
    expect(await waiting.done).toMatchObject({ code: 0, stdout: 'new-per-day = 4 for tester\n' });
  }, 60_000);

  it('takes over a lock left by a stopped or killed process at once, and says why', () => {
    const home = tempDir();
    const lock = join(home, 'mle-prep', 'profile-tester.json.lock');
    mkdirSync(lock, { recursive: true });
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const result = runCli(['config', 'new-per-day', '4'], { configHome: home });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^mle-prep: taking over the lock .*profile-tester\.json\.lock: it was last refreshed \d+ s ago, so the mle-prep that held it has stopped or crashed\.\n$/,
    );
    expect(existsSync(lock)).toBe(false);
    expect(runCli(['config'], { configHome: home }).stdout).toMatch(/^new-per-day = 4 /);
  });
});

// The score store under real abuse: many processes saving at once, and writers killed mid-save.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, runCli } from '../helpers/cli.js';
import { exportFile, fakeSession } from '../helpers/sessions.js';
import { tempDir } from '../helpers/temp.js';

const PAUSE_BEFORE_RENAME = new URL('../helpers/pause-before-rename.mjs', import.meta.url).href;

function start(args: string[], home: string, options: { preload?: string; env?: Record<string, string> } = {}) {
  const node = options.preload ? ['--import', options.preload] : [];
  const child = spawn(process.execPath, [...node, BIN, ...args], { env: cliEnv(home, options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const storedSessions = (home: string) => JSON.parse(readFileSync(join(home, 'mle-prep', 'profile-tester.json'), 'utf8')).sessions as Array<{ id: string }>;

describe('the score store', () => {
  it('keeps every session when 20 processes save at the same moment', async () => {
    const home = tempDir();
    const dir = tempDir();
    const files = Array.from({ length: 20 }, (_, i) => {
      const file = join(dir, `s${i}.json`);
      writeFileSync(file, exportFile([fakeSession(`session-${i}`, `2026-11-${String(i + 1).padStart(2, '0')}T08:00:00.000Z`)]));
      return file;
    });
    const runs = await Promise.all(files.map((file) => start(['import', file], home).done));
    expect(runs.map((r) => [r.code, r.stderr])).toEqual(runs.map(() => [0, '']));
    expect(storedSessions(home).map((s) => s.id).sort()).toEqual(files.map((_, i) => `session-${i}`).sort());
  }, 120_000);

  it('keeps the old store whole when a writer is killed between writing the new one and putting it in place', async () => {
    const home = tempDir();
    const dir = tempDir();
    const storePath = join(home, 'mle-prep', 'profile-tester.json');
    writeFileSync(join(dir, 'old.json'), exportFile([fakeSession('old', '2026-11-01T08:00:00.000Z')]));
    expect(runCli(['import', join(dir, 'old.json')], { configHome: home }).code).toBe(0);
    const before = readFileSync(storePath, 'utf8');

    // The preload pauses the save just before its rename and leaves a marker: the kill lands mid-save every time.
    const marker = join(dir, 'paused');
    writeFileSync(join(dir, 'new.json'), exportFile([fakeSession('new', '2026-11-02T08:00:00.000Z')]));
    const { child, done } = start(['import', join(dir, 'new.json')], home, {
      preload: PAUSE_BEFORE_RENAME,
      env: { MLE_PREP_TEST_RENAME_MARKER: marker, MLE_PREP_TEST_RENAME_TARGET: storePath },
    });
    try {
      await until(() => existsSync(marker), 30_000);
      const tempPath = readFileSync(marker, 'utf8').split('\n')[0] ?? '';
      expect(JSON.parse(readFileSync(tempPath, 'utf8')).sessions.map((s: { id: string }) => s.id)).toEqual(['old', 'new']);
    } finally {
      child.kill('SIGKILL');
    }
    expect((await done).signal).toBe('SIGKILL');

    expect(readFileSync(storePath, 'utf8')).toBe(before);
    // The next run takes over the dead writer's lock once it is stale, and saves normally.
    utimesSync(`${storePath}.lock`, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect(runCli(['import', join(dir, 'new.json')], { configHome: home }).code).toBe(0);
    expect(storedSessions(home).map((s) => s.id)).toEqual(['old', 'new']);
  }, 60_000);

  it('is always either the old or the new store when writers are killed at any moment of a save', async () => {
    const home = tempDir();
    const dir = tempDir();
    const storeDir = join(home, 'mle-prep');
    const base = Array.from({ length: 4000 }, (_, i) => fakeSession(`base-${i}`, '2026-11-01T08:00:00.000Z'));
    writeFileSync(join(dir, 'base.json'), exportFile(base));
    expect(runCli(['import', join(dir, 'base.json')], { configHome: home }).code).toBe(0);

    // How long one whole save takes here, so the kills can be spread over the run from start-up to rename.
    writeFileSync(join(dir, 'timing.json'), exportFile([fakeSession('timing', '2026-11-02T07:00:00.000Z')]));
    const started = Date.now();
    expect((await start(['import', join(dir, 'timing.json')], home).done).code).toBe(0);
    const duration = Date.now() - started;

    let count = storedSessions(home).length;
    for (let round = 0; round < 12; round++) {
      const file = join(dir, `round-${round}.json`);
      writeFileSync(file, exportFile([fakeSession(`round-${round}`, '2026-11-02T08:00:00.000Z')]));
      const { child, done } = start(['import', file], home);
      await new Promise((r) => setTimeout(r, duration * (0.3 + 0.07 * round)));
      child.kill('SIGKILL');
      await done;
      // Whatever the moment, the store parses and holds either the sessions it had or those plus the new one.
      const sessions = storedSessions(home);
      expect([count, count + 1]).toContain(sessions.length);
      count = sessions.length;
      // A killed writer leaves its lock behind, and perhaps its temporary file; the lock goes stale on its own
      // (tested below), removed here for speed.
      for (const f of readdirSync(storeDir).filter((f) => f.startsWith('profile-tester.json') && f !== 'profile-tester.json')) {
        rmSync(join(storeDir, f), { recursive: true, force: true });
      }
    }
  }, 300_000);

  it('recovers a lock left behind by a killed process', async () => {
    const home = tempDir();
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), exportFile([fakeSession('a', '2026-11-01T08:00:00.000Z')]));
    expect(runCli(['import', join(dir, 'a.json')], { configHome: home }).code).toBe(0);
    const lock = join(home, 'mle-prep', 'profile-tester.json.lock');
    writeFileSync(join(dir, 'b.json'), exportFile([fakeSession('b', '2026-11-01T09:00:00.000Z')]));
    // A stale lock: the directory proper-lockfile uses, last touched long ago.
    const { mkdirSync } = await import('node:fs');
    mkdirSync(lock);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const result = runCli(['import', join(dir, 'b.json')], { configHome: home });
    expect(result.code).toBe(0);
    expect(storedSessions(home).map((s) => s.id)).toEqual(['a', 'b']);
    expect(existsSync(lock)).toBe(false);
  }, 60_000);
});

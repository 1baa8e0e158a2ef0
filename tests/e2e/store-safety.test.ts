// The score store under real abuse: many processes saving at once, and writers killed mid-save.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, runCli } from '../helpers/cli.js';
import { exportFile, fakeSession } from '../helpers/sessions.js';
import { tempDir } from '../helpers/temp.js';

function start(args: string[], home: string) {
  const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
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

  it('is always either the old or the new store when a writer is killed mid-save', async () => {
    const home = tempDir();
    const dir = tempDir();
    const storeDir = join(home, 'mle-prep');
    const base = Array.from({ length: 4000 }, (_, i) => fakeSession(`base-${i}`, '2026-11-01T08:00:00.000Z'));
    writeFileSync(join(dir, 'base.json'), exportFile(base));
    expect(runCli(['import', join(dir, 'base.json')], { configHome: home }).code).toBe(0);

    // How long one whole save takes here, so the kills can be spread over its second half, where the write is.
    writeFileSync(join(dir, 'timing.json'), exportFile([fakeSession('timing', '2026-11-02T07:00:00.000Z')]));
    const started = Date.now();
    expect((await start(['import', join(dir, 'timing.json')], home).done).code).toBe(0);
    const duration = Date.now() - started;

    let count = storedSessions(home).length;
    let killedMidSave = 0;
    for (let round = 0; round < 40 && killedMidSave < 3; round++) {
      const file = join(dir, `round-${round}.json`);
      writeFileSync(file, exportFile([fakeSession(`round-${round}`, '2026-11-02T08:00:00.000Z')]));
      const { child, done } = start(['import', file], home);
      await new Promise((r) => setTimeout(r, duration * (0.4 + 0.6 * (((round * 7) % 10) / 10))));
      child.kill('SIGKILL');
      await done;
      // conf writes to a temporary file and renames it over the store: a leftover temp file means the kill
      // landed in the middle of a save.
      const leftovers = readdirSync(storeDir).filter((f) => f.startsWith('profile-tester.json') && f !== 'profile-tester.json' && !f.endsWith('.lock'));
      if (leftovers.length) killedMidSave++;
      for (const f of leftovers) rmSync(join(storeDir, f), { force: true });
      const sessions = storedSessions(home);
      expect([count, count + 1]).toContain(sessions.length);
      count = sessions.length;
      // A killed writer leaves its lock behind; it goes stale on its own (tested below), removed here for speed.
      rmSync(join(storeDir, 'profile-tester.json.lock'), { recursive: true, force: true });
    }
    expect(killedMidSave).toBeGreaterThan(0);
  }, 300_000);

  it('recovers a lock left behind by a killed process', async () => {
    const home = tempDir();
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), exportFile([fakeSession('a', '2026-11-01T08:00:00.000Z')]));
    expect(runCli(['import', join(dir, 'a.json')], { configHome: home }).code).toBe(0);
    const lock = join(home, 'mle-prep', 'profile-tester.json.lock');
    writeFileSync(join(dir, 'b.json'), exportFile([fakeSession('b', '2026-11-01T09:00:00.000Z')]));
    // A stale lock: the directory proper-lockfile uses, last touched long ago.
    const { mkdirSync, utimesSync } = await import('node:fs');
    mkdirSync(lock);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const result = runCli(['import', join(dir, 'b.json')], { configHome: home });
    expect(result.code).toBe(0);
    expect(storedSessions(home).map((s) => s.id)).toEqual(['a', 'b']);
    expect(existsSync(lock)).toBe(false);
  }, 60_000);
});

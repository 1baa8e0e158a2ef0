// Faults of the machine around the score store: each ends at once in one sentence naming the real cause.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, runCli } from '../helpers/cli.js';
import { exportFile, fakeSession } from '../helpers/sessions.js';
import { tempDir } from '../helpers/temp.js';

const STOP_AT = new URL('../helpers/stop-at.mjs', import.meta.url).href;

function sessionFile(id: string): string {
  const file = join(tempDir(), `${id}.json`);
  writeFileSync(file, exportFile([fakeSession(id, '2026-11-02T08:00:00.000Z')]));
  return file;
}

/** The CLI with every write inside `folder` refused (EACCES), as a read-only folder refuses them. */
function runReadOnly(args: string[], home: string, folder: string) {
  const result = spawnSync(process.execPath, ['--import', STOP_AT, BIN, ...args], {
    env: cliEnv(home, { MLE_PREP_TEST_STOP_AT: `readonly:${folder}` }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('a score store folder that cannot be written', () => {
  it('fails a save at once with the real cause, and keeps what was there readable', () => {
    const home = tempDir();
    const folder = join(home, 'mle-prep');
    expect(runCli(['import', sessionFile('kept')], { configHome: home }).code).toBe(0);
    const journal = join(folder, 'profile-tester.jsonl');
    expect(runReadOnly(['import', sessionFile('new')], home, folder)).toEqual({
      code: 1,
      stdout: '',
      stderr: `mle-prep: cannot save to the session journal ${journal}: permission denied in ${folder} (EACCES).\n`,
    });
    expect(runReadOnly(['config', 'new-per-day', '3'], home, folder)).toEqual({
      code: 1,
      stdout: '',
      stderr: `mle-prep: cannot lock the profile file ${join(folder, 'profile-tester.json')}: permission denied in ${folder} (EACCES).\n`,
    });
    const history = runReadOnly(['history', '--json'], home, folder);
    expect(history.code).toBe(0);
    expect((JSON.parse(history.stdout) as Array<{ id: string }>).map((s) => s.id)).toEqual(['kept']);
  });

  it.skipIf(process.getuid?.() === 0)('fails at once in a folder made read-only with chmod', () => {
    const home = tempDir();
    const folder = join(home, 'mle-prep');
    mkdirSync(folder, { recursive: true });
    chmodSync(folder, 0o555);
    try {
      const result = runCli(['import', sessionFile('new')], { configHome: home });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^mle-prep: cannot save to the session journal .*: permission denied in .* \(EACCES\)\.\n$/);
    } finally {
      chmodSync(folder, 0o755);
    }
  });

  it('says so when the config path is a file, not a folder', () => {
    const home = tempDir();
    writeFileSync(join(home, 'mle-prep'), 'not a folder');
    const save = runCli(['import', sessionFile('new')], { configHome: home });
    expect(save).toMatchObject({ code: 1, stdout: '' });
    expect(save.stderr).toBe(
      `mle-prep: cannot read the profile file ${join(home, 'mle-prep', 'profile-tester.json')}: ${join(home, 'mle-prep')} (or a folder above it) is a file, not a folder; move it away or set XDG_CONFIG_HOME to another place.\n`,
    );
    const read = runCli(['history'], { configHome: home });
    expect(read.code).toBe(1);
    expect(read.stderr).toMatch(/is a file, not a folder; move it away or set XDG_CONFIG_HOME to another place\.\n$/);
  });
});

// users and reset called in-process: the profiles in a store folder, and deleting one only when asked to.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHistory } from '../../src/commands/history.js';
import { runReset, runUsers } from '../../src/commands/users.js';
import { TestTerminal } from '../helpers/command-io.js';
import { fakeSession } from '../helpers/sessions.js';
import { exitCodeOf, run, seedSessions } from '../helpers/run-command.js';
import { tempDir, writeTree } from '../helpers/temp.js';

async function withSessions(storeDir: string, user: string, count: number) {
  await seedSessions(
    storeDir,
    Array.from({ length: count }, (_, i) => fakeSession(`${user}-${i}`, `2026-11-${String(10 + i).padStart(2, '0')}T08:00:00.000Z`)),
    user,
  );
}

const historyIds = async (storeDir: string, user: string) =>
  (JSON.parse((await run((io) => runHistory({ json: true, user }, io), { storeDir })).stdout) as Array<{ id: string }>).map((s) => s.id);

describe('users', () => {
  it('lists the profiles in the store folder with their session counts', async () => {
    const storeDir = tempDir();
    expect((await run((io) => runUsers({}, io), { storeDir })).stdout).toBe(`No profiles yet in ${storeDir}. The first quiz creates yours (tester).\n`);
    await withSessions(storeDir, 'ada', 2);
    await withSessions(storeDir, 'bob', 1);
    expect(JSON.parse((await run((io) => runUsers({ json: true }, io), { storeDir, env: { MLE_PREP_USER: 'bob' } })).stdout)).toEqual([
      { user: 'ada', sessions: 2, lastPractice: '2026-11-11T08:00:00.000Z', current: false },
      { user: 'bob', sessions: 1, lastPractice: '2026-11-10T08:00:00.000Z', current: true },
    ]);
    expect(await historyIds(storeDir, 'ada')).toEqual(['ada-1', 'ada-0']);
    expect(await historyIds(storeDir, 'bob')).toEqual(['bob-0']);
  });
});

describe('reset', () => {
  it('deletes one profile only after confirmation, or with --yes', async () => {
    const storeDir = tempDir();
    await withSessions(storeDir, 'ada', 2);
    await withSessions(storeDir, 'bob', 1);
    const reset = (options: { user?: string; yes?: boolean }) => run((io) => runReset(options, io), { storeDir });
    expect(await reset({ user: 'ada' })).toMatchObject({ code: 2, stderr: 'mle-prep: reset deletes data: confirm in a terminal, or pass --yes in scripts.\n' });
    expect((await reset({})).stderr).toMatch(/reset needs --user <name>/);
    expect(await reset({ user: 'nobody', yes: true })).toMatchObject({ code: 2, stderr: expect.stringMatching(/there is no profile "nobody"/) });
    expect(await reset({ user: 'ada', yes: true })).toMatchObject({ code: 0, stdout: 'Deleted profile "ada" (2 sessions).\n' });
    expect(JSON.parse((await run((io) => runUsers({ json: true }, io), { storeDir })).stdout).map((u: { user: string }) => u.user)).toEqual(['bob']);
  });

  it('deletes the copies a profile left aside too, even once its store itself was set aside', async () => {
    const storeDir = tempDir();
    await withSessions(storeDir, 'ada', 1);
    await withSessions(storeDir, 'ada-b', 1);
    writeTree(storeDir, {
      'profile-ada.json.v1-backup-2026-11-01T00-00-00-000Z': '{}',
      'rescued-ada-2026-11-02T00-00-00-000Z.json': '{}',
    });
    // A corrupt profile file is moved aside by the first command that reads it; the journal's session stays.
    writeFileSync(join(storeDir, 'profile-ada.json'), '{"sessions": [');
    await run((io) => runHistory({ user: 'ada' }, io), { storeDir });
    const result = await run((io) => runReset({ user: 'ada', yes: true }, io), { storeDir });
    expect(result).toMatchObject({ code: 0, stdout: 'Deleted profile "ada" (1 session and 3 kept-aside copies).\n' });
    expect(
      readdirSync(storeDir)
        .filter((f) => !f.startsWith('profile-ada-b.'))
        .sort(),
    ).toEqual([]);
    expect(await historyIds(storeDir, 'ada-b')).toHaveLength(1);
  });

  it('asks before deleting in a terminal, and keeps the profile on "no"', async () => {
    const storeDir = tempDir();
    await withSessions(storeDir, 'ada', 1);
    const term = new TestTerminal({ storeDir });
    const done = exitCodeOf((io) => runReset({ user: 'ada' }, io), term);
    await term.waitFor('Delete profile "ada": 1 session? This cannot be undone.');
    await term.type('n');
    await term.type('\r');
    expect(await done).toBe(0);
    expect(term.stdout).toContain('Nothing was deleted.');
    expect(await historyIds(storeDir, 'ada')).toEqual(['ada-0']);
  });
});

// history called in-process: an empty profile, a store kept aside, sessions without a score, and a list that fits
// the terminal.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runHistory, type HistoryOptions } from '../../src/commands/history.js';
import { fakeSession } from '../helpers/sessions.js';
import { run, seedSessions } from '../helpers/run-command.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const history = (options: HistoryOptions, io: { storeDir?: string; tty?: boolean; columns?: number } = {}) => run((term) => runHistory(options, term), io);
const widest = (text: string) => Math.max(...text.split('\n').map((line) => line.trimEnd().length));

describe('history', () => {
  it('starts empty', async () => {
    expect(await history({ json: true })).toMatchObject({ code: 0, stdout: '[]\n', stderr: '' });
    expect((await history({})).stdout).toBe('No sessions yet for tester. Start one with: mle-prep quiz\n');
  });

  it('rejects a profile name that is not file-name safe', async () => {
    const result = await history({ user: '../etc' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--user "..\/etc" is not a valid profile name/);
  });

  it('keeps a corrupt store aside and goes on with an empty one', async () => {
    const storeDir = writeTree(tempDir(), { 'profile-tester.json': '{"schemaVersion": 2, "sessions": [' });
    const result = await history({ json: true }, { storeDir });
    expect(result).toMatchObject({ code: 0, stdout: '[]\n' });
    expect(result.stderr).toMatch(/profile-tester\.json was not valid JSON; it was kept as .*profile-tester\.json\.corrupt-.* and a new one was started\./);
    expect(readdirSync(storeDir).filter((f) => f.startsWith('profile-tester.json.corrupt-'))).toHaveLength(1);
  });

  it('shows no score for a session stopped before any answer was graded', async () => {
    const storeDir = tempDir();
    const stopped = fakeSession('stopped1', '2026-11-12T08:00:00.000Z', 1);
    const { keyPointsCovered: _ticked, ...answered } = stopped.results[0]!;
    stopped.results[0] = { ...answered, status: 'ungraded', score: 0 };
    await seedSessions(storeDir, [stopped, fakeSession('graded01', '2026-11-13T08:00:00.000Z', 1)]);
    const rows = (await history({}, { storeDir })).stdout.split('\n');
    expect(rows.find((r) => r.startsWith('stopped1'))).toMatch(/ 1 +– +0:\d\d /);
    expect(rows.find((r) => r.startsWith('graded01'))).toMatch(/ 1 +50% +0:\d\d /);
  });

  it('fits the width of a terminal, wrapping the topics inside their column', async () => {
    const storeDir = tempDir();
    await seedSessions(storeDir, [fakeSession('wide0001', '2026-11-10T08:00:00.000Z', 8)]);
    const narrow = await history({}, { storeDir, tty: true, columns: 60 });
    expect(widest(narrow.stdout)).toBeLessThan(60);
    expect(narrow.stdout).toMatch(/^wide0001 {2}2026-11-10 08:00 {2}quiz {2,}8 +\d+% +\d+:\d\d$/m);
    const wide = await history({}, { storeDir, tty: true, columns: 120 });
    expect(wide.stdout).toContain('mlops, serving, monitoring, ml-fundamentals');
    expect(widest(wide.stdout)).toBeLessThanOrEqual(120);
  });
});

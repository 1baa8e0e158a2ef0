// stats called in-process: an empty profile, filters that match nothing, and a report that fits the terminal.
import { describe, expect, it } from 'vitest';
import { runStats, type StatsOptions } from '../../src/commands/stats.js';
import { tinyBank } from '../helpers/bank.js';
import { fakeSession } from '../helpers/sessions.js';
import { run, seedSessions } from '../helpers/run-command.js';
import { tempDir } from '../helpers/temp.js';

const stats = (options: StatsOptions, io: { storeDir?: string; tty?: boolean; columns?: number } = {}) => run((term) => runStats(options, term), io);
const lines = (text: string) => text.split('\n').map((line) => line.trimEnd());
const barOf = (text: string, topic: string) =>
  lines(text)
    .find((l) => l.startsWith(`│ ${topic} `))
    ?.match(/[█░]+/)?.[0] ?? '';

describe('stats', () => {
  it('says there is nothing to show yet, and whether filters or the profile are empty', async () => {
    const bank = { bundled: false, bank: [tinyBank()] };
    expect(await stats(bank)).toEqual({
      code: 0,
      stdout:
        'No practice recorded for tester yet. Start with: mle-prep quiz\n\n' +
        'Review forecast: nothing due in the next 7 days. mle-prep review introduces new questions.\n',
      stderr: '',
      term: expect.anything(),
    });
    expect((await stats({ ...bank, since: '7d' })).stdout.split('\n')[0]).toBe('No sessions for tester match these filters.');
    const storeDir = tempDir();
    // Older than a week on the test's clock (2026-12-03).
    await seedSessions(storeDir, [fakeSession('old', '2026-11-10T08:00:00.000Z', 2)]);
    const filtered = await stats({ ...bank, since: '7d' }, { storeDir });
    expect(filtered.stdout.split('\n')[0]).toBe('No sessions for tester match these filters.');
  });

  it('refuses an unknown topic like every other command', async () => {
    const result = await stats({ bundled: false, bank: [tinyBank()], topic: ['nope'] });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^mle-prep: unknown topic "nope"; valid topics: /);
  });

  it('fits the width: shortens its score bars, drops them when there is no room, and wraps its sentences', async () => {
    const storeDir = tempDir();
    const bank = { bundled: false, bank: [tinyBank()] };
    // Missed questions with ids as long as the bundled bank's longest (49 characters).
    const longIds = fakeSession('three', '2026-11-14T08:00:00.000Z', 4, () => 0);
    longIds.results = longIds.results.map((r, i) => ({ ...r, questionId: `mlops-a-question-whose-id-is-about-as-long-as-i-${i}` }));
    await seedSessions(storeDir, [fakeSession('one', '2026-11-10T08:00:00.000Z', 8), fakeSession('two', '2026-11-12T08:00:00.000Z', 8), longIds]);

    const wide = await stats(bank, { storeDir, tty: true, columns: 120 });
    expect(wide.code).toBe(0);
    expect(barOf(wide.stdout, 'mlops')).toHaveLength(24);
    expect(wide.stdout).toContain('Drill them: mle-prep quiz --weak, or mle-prep quiz --topic');
    expect(wide.stdout).toMatch(/│ mlops-a-question-whose-id-is-about-as-long-as-i-0 +│ mlops +│ +1 of 1 │/);

    const narrow = await stats(bank, { storeDir, tty: true, columns: 60 });
    expect(Math.max(...lines(narrow.stdout).map((l) => l.length))).toBeLessThanOrEqual(60);
    expect(barOf(narrow.stdout, 'mlops').length).toBeGreaterThanOrEqual(6);
    expect(barOf(narrow.stdout, 'mlops').length).toBeLessThan(24);
    expect(narrow.stdout).toMatch(/Review forecast: nothing due in the next 7 days\.\n {2}mle-prep review introduces new questions\./);
    // The most-missed table would be 75 columns wide: a list instead, the topic wrapped under the id.
    expect(narrow.stdout).toMatch(/Most missed\n( {2}\d of \d {2}.*\n)* {2}1 of 1 {2}mlops-a-question-whose-id-is-about-as-long-as-i-0\n {10}· mlops\n/);

    const tiny = await stats(bank, { storeDir, tty: true, columns: 44 });
    expect(Math.max(...lines(tiny.stdout).map((l) => l.length))).toBeLessThanOrEqual(44);
    expect(tiny.stdout).toMatch(/│ mlops +│ +\d+ │ +\d+% │\n/);
    expect(tiny.stdout).not.toMatch(/[█░]/);
  });
});

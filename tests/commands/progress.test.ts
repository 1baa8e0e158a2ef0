// Two quizzes called in-process with a scripted terminal, then the progress they leave behind: stats --json, history
// and a CSV export.
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runExport } from '../../src/commands/export.js';
import { runHistory } from '../../src/commands/history.js';
import { runQuiz } from '../../src/commands/quiz.js';
import { runStats } from '../../src/commands/stats.js';
import type { SessionRecord } from '../../src/session/types.js';
import { tinyBank } from '../helpers/bank.js';
import { answerAll, fakeClock, TestTerminal } from '../helpers/command-io.js';
import { tempDir } from '../helpers/temp.js';

describe('progress after two quizzes', () => {
  it('shows up in stats --json and in the CSV export', async () => {
    const bank = tinyBank();
    // One clock and one store: the second quiz starts a minute after the first.
    const clock = fakeClock();
    const storeDir = tempDir();
    const terminal = (tty = true) => new TestTerminal({ clock, tty, storeDir });
    for (const topic of ['beta', 'alpha']) {
      const term = terminal();
      const done = term.run((io) => runQuiz({ bundled: false, bank: [bank], topic: [topic], timer: false }, io));
      await answerAll(term, { choice: 'b', text: 'not sure', tick: 0 });
      expect(await done).toBe(0);
      await clock.tick(60_000);
    }

    const statsTerm = terminal(false);
    expect(await statsTerm.run((io) => runStats({ json: true, bundled: false, bank: [bank] }, io))).toBe(0);
    const stats = JSON.parse(statsTerm.stdout);
    expect(stats).toMatchObject({
      user: 'tester',
      sessions: 2,
      questionsAnswered: 3,
      timeouts: 0,
      byTopic: [
        { key: 'alpha', count: 2, score: 0 },
        { key: 'beta', count: 1, score: 1 },
      ],
      streak: { days: 1, practisedToday: true },
      weakestTopics: [{ key: 'alpha', count: 2, score: 0 }],
      mostMissed: [
        { questionId: 'alpha-first', topic: 'alpha', attempts: 1, misses: 1 },
        { questionId: 'alpha-second', topic: 'alpha', attempts: 1, misses: 1 },
      ],
    });
    expect(stats.averageScore).toBeCloseTo(1 / 3);
    expect(stats.trend.map((t: { score: number }) => t.score)).toEqual([1, 0]);

    const historyTerm = terminal(false);
    expect(await historyTerm.run((io) => runHistory({ json: true }, io))).toBe(0);
    const history = JSON.parse(historyTerm.stdout) as SessionRecord[];
    const csv = terminal(false);
    expect(await csv.run((io) => runExport({ format: 'csv', all: true, bundled: false, bank: [bank] }, io))).toBe(0);
    const rows = parseCsv(csv.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.session_id, r.question_id, r.score, r.answer])).toEqual([
      [history[1]!.id, 'beta-choice-one', '1', ''],
      ...history[0]!.results.map((r) => [history[0]!.id, r.questionId, '0', 'not sure']),
    ]);
  });
});

// Two quizzes in a pseudo-terminal, then the progress they leave behind: stats --json and a CSV export.
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../src/session/types.js';
import { tinyBank } from '../helpers/bank.js';
import { runCli } from '../helpers/cli.js';
import { answerAll, Terminal } from '../helpers/pty.js';
import { tempDir } from '../helpers/temp.js';

async function playQuiz(args: string[], home: string): Promise<Terminal> {
  const term = new Terminal(['quiz', ...args], home);
  await answerAll(term, { choice: 'b', text: 'not sure', tick: 0 });
  expect(await term.exitCode()).toBe(0);
  return term;
}

describe('progress after two quizzes', () => {
  it('shows up in stats --json and in the CSV export', async () => {
    const bank = tinyBank();
    const home = tempDir();
    await playQuiz(['--no-bundled', '--bank', bank, '--topic', 'beta', '--no-timer'], home);
    await playQuiz(['--no-bundled', '--bank', bank, '--topic', 'alpha', '--no-timer'], home);

    const stats = JSON.parse(runCli(['stats', '--json'], { configHome: home }).stdout);
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

    const history = JSON.parse(runCli(['history', '--json'], { configHome: home }).stdout) as SessionRecord[];
    const csv = runCli(['export', '--format', 'csv', '--all'], { configHome: home });
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.session_id, r.question_id, r.score, r.answer])).toEqual([
      [history[1]!.id, 'beta-choice-one', '1', ''],
      ...history[0]!.results.map((r) => [history[0]!.id, r.questionId, '0', 'not sure']),
    ]);
  }, 90_000);
});

import type { ChalkInstance } from 'chalk';
import type { Question } from '../bank/types.js';
import { formatClock } from '../session/timing.js';
import type { ResultRecord } from '../session/types.js';
import { choiceVerdict, percent } from './score.js';
import { scoreColor } from './tables.js';

/** "Score 67% · 2/3 key points · 1:05 used", shown after each answer. */
export function formatResultLine(question: Question, result: ResultRecord, c: ChalkInstance): string {
  const detail =
    result.testsTotal !== undefined
      ? `${result.testsPassed ?? 0}/${result.testsTotal} tests passed`
      : question.type === 'open'
        ? `${result.keyPointsCovered?.length ?? 0}/${question.keyPoints.length} key points`
        : choiceVerdict(result.score);
  const status = result.timedOut ? 'timed out' : detail;
  return `${scoreColor(c, result.score).bold(`Score ${percent(result.score)}`)} ${c.dim(`· ${status} · ${formatClock(result.timeSeconds)} used`)}`;
}

import type { ChalkInstance } from 'chalk';
import { summarizeSession } from '../session/summarize.js';
import { countsText, GOOD_SCORE, percent } from './score.js';
import { formatClock } from '../session/timing.js';
import { isGraded, type SessionRecord } from '../session/types.js';
import { scoreColor, scoreTable } from './tables.js';
import { hanging, suggestCommand } from './wrap.js';

/** `userFlag`: the --user the session was started with, carried into the commands it suggests. */
export function formatSessionSummary(session: SessionRecord, view: { color: ChalkInstance; width: number; userFlag?: string }): string {
  const c = view.color;
  const s = summarizeSession(session);
  const parts = [
    `${c.bold.underline('Summary')}`,
    hanging(
      `${session.results.some(isGraded) ? scoreColor(c, s.score).bold(`Score ${percent(s.score)}`) : c.bold('Not graded')} · ${countsText(s, ' · ', session.completed)} · ${formatClock(s.timeSeconds)} used`,
      2,
      view,
    ),
  ];
  const topics = scoreTable(c, ['topic', 'questions', 'score']);
  for (const g of s.byTopic) topics.push([g.key, g.count, scoreColor(c, g.score)(percent(g.score))]);
  const levels = scoreTable(c, ['difficulty', 'questions', 'score']);
  for (const g of s.byDifficulty) levels.push([g.key, g.count, scoreColor(c, g.score)(percent(g.score))]);
  if (s.byTopic.length) parts.push(topics.toString(), levels.toString());
  // A topic is only called weak when it scored below the good band: at 100% everywhere nothing was weak.
  if (s.weakestTopic && s.byTopic.length > 1 && s.weakestTopic.score < GOOD_SCORE) {
    const command = suggestCommand(`mle-prep quiz --topic ${s.weakestTopic.key}`, view.userFlag);
    parts.push(hanging(`Weakest topic: ${c.bold(s.weakestTopic.key)} (${percent(s.weakestTopic.score)}). Try: ${command}`, 2, view));
  } else if (s.weakestTopic && s.weakestTopic.score < 0.6) {
    parts.push(hanging(`Keep at it: ${c.bold(s.weakestTopic.key)} is at ${percent(s.weakestTopic.score)}.`, 2, view));
  }
  return parts.join('\n');
}

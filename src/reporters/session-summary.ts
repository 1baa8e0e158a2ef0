import type { ChalkInstance } from 'chalk';
import { countsText, summarizeSession } from '../session/summarize.js';
import { formatClock } from '../session/timing.js';
import { isGraded, type SessionRecord } from '../session/types.js';
import { scoreColor, scoreTable } from '../ui/tables.js';

export function formatSessionSummary(session: SessionRecord, view: { color: ChalkInstance; width: number }): string {
  const c = view.color;
  const s = summarizeSession(session);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const parts = [
    `${c.bold.underline('Summary')}`,
    `${session.results.some(isGraded) ? scoreColor(c, s.score).bold(`Score ${pct(s.score)}`) : c.bold('Not graded')} · ${countsText(s, ' · ')} · ${formatClock(s.timeSeconds)} used`,
  ];
  const topics = scoreTable(c, ['topic', 'questions', 'score']);
  for (const g of s.byTopic) topics.push([g.key, g.count, scoreColor(c, g.score)(pct(g.score))]);
  const levels = scoreTable(c, ['difficulty', 'questions', 'score']);
  for (const g of s.byDifficulty) levels.push([g.key, g.count, scoreColor(c, g.score)(pct(g.score))]);
  parts.push(topics.toString(), levels.toString());
  if (s.weakestTopic && s.byTopic.length > 1) {
    parts.push(`Weakest topic: ${c.bold(s.weakestTopic.key)} (${pct(s.weakestTopic.score)}). Try: mle-prep quiz --topic ${s.weakestTopic.key}`);
  } else if (s.weakestTopic && s.weakestTopic.score < 0.6) {
    parts.push(`Keep at it: ${c.bold(s.weakestTopic.key)} is at ${pct(s.weakestTopic.score)}.`);
  }
  return parts.join('\n');
}


import sparkly from 'sparkly';
import type { ChalkInstance } from 'chalk';
import type { StatsReport } from '../stats/aggregate.js';
import { formatClock } from '../session/timing.js';
import { plural } from '../ui/plural.js';
import { scoreColor, scoreTable } from '../ui/tables.js';

const BAR_WIDTH = 24;
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** A horizontal bar for a 0..1 score. */
export function scoreBar(color: ChalkInstance, score: number, width = BAR_WIDTH): string {
  const filled = Math.round(Math.max(0, Math.min(1, score)) * width);
  return scoreColor(color, score)('█'.repeat(filled)) + color.dim('░'.repeat(width - filled));
}

export interface StatsView {
  color: ChalkInstance;
  user: string;
  /** Whether --topic or --since narrowed the sessions (changes what "nothing" means). */
  filtered?: boolean;
  /** Extra sections appended by other features (the review forecast). */
  extra?: string[];
}

export function formatStats(report: StatsReport, view: StatsView): string {
  const c = view.color;
  const lines: string[] = [];
  if (report.sessions === 0) {
    lines.push(view.filtered ? `No sessions for ${view.user} match these filters.` : `No practice recorded for ${view.user} yet. Start with: mle-prep quiz`);
    for (const section of view.extra ?? []) lines.push('', section);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${c.bold(`Stats for ${view.user}`)} · ${plural(report.sessions, 'session')} · ${plural(report.questionsAnswered, 'question')} answered`);
  const timeouts = report.timeouts ? `${report.timeouts} (${pct(report.timeouts / report.questionsAnswered)})` : 'none';
  lines.push(
    `Average score ${scoreColor(c, report.averageScore).bold(pct(report.averageScore))} · median ${formatClock(report.medianTimeSeconds)} per question · timeouts ${timeouts}`,
  );
  const streak = report.streak;
  const streakText =
    streak.days === 0
      ? `none${streak.lastPracticeDay ? ` (last practice ${streak.lastPracticeDay})` : ''}`
      : `${plural(streak.days, 'day')}${streak.practisedToday ? '' : c.yellow(' (practise today to keep it)')}`;
  lines.push(`Streak: ${streakText}`);
  if (report.trend.length > 1) {
    const scores = report.trend.map((t) => t.score * 100);
    const first = report.trend[0]!.score;
    const last = report.trend.at(-1)!.score;
    lines.push(`Trend of the last ${report.trend.length} sessions ${c.cyan(sparkly(scores, { minimum: 0, maximum: 100 }))}  ${pct(first)} → ${pct(last)}`);
  }

  const topics = scoreTable(c, ['topic', 'answered', 'score', ''], ['left', 'right', 'right', 'left']);
  for (const g of report.byTopic) topics.push([g.key, g.count, scoreColor(c, g.score)(pct(g.score)), scoreBar(c, g.score)]);
  const levels = scoreTable(c, ['difficulty', 'answered', 'score', ''], ['left', 'right', 'right', 'left']);
  for (const g of report.byDifficulty) levels.push([g.key, g.count, scoreColor(c, g.score)(pct(g.score)), scoreBar(c, g.score)]);
  lines.push('', topics.toString(), levels.toString());

  if (report.weakestTopics.length) {
    lines.push('', `${c.bold('Weakest topics')}: ${report.weakestTopics.map((g) => `${g.key} (${pct(g.score)})`).join(', ')}`);
    lines.push(c.dim(`  Drill them: mle-prep quiz --weak, or mle-prep quiz --topic ${report.weakestTopics[0]!.key}`));
  }
  if (report.mostMissed.length) {
    const missed = scoreTable(c, ['most missed', 'topic', 'missed'], ['left', 'left', 'right']);
    for (const m of report.mostMissed) missed.push([m.questionId, m.topic, `${m.misses} of ${m.attempts}`]);
    lines.push('', missed.toString());
  }
  for (const section of view.extra ?? []) lines.push('', section);
  return `${lines.join('\n')}\n`;
}

/** Review forecast: cards due on each of the next days (today includes the overdue ones). */
export function formatForecast(forecast: ReadonlyArray<{ day: string; due: number }>, color: ChalkInstance): string {
  const total = forecast.reduce((n, f) => n + f.due, 0);
  if (total === 0) return `${color.bold('Review forecast')}: nothing due in the next ${forecast.length} days. mle-prep review introduces new questions.`;
  const table = scoreTable(color, ['review forecast', 'due'], ['left', 'right']);
  forecast.forEach((f, i) => table.push([i === 0 ? `${f.day} (today)` : f.day, f.due]));
  return table.toString();
}

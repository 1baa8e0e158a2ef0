import { percent } from './score.js';
import sparkly from 'sparkly';
import type { ChalkInstance } from 'chalk';
import { SELF_GRADING_MIN_TICKS, type StatsReport } from '../stats/aggregate.js';
import { formatClock } from '../session/timing.js';
import { plural } from '../lib/plural.js';
import { scoreColor, scoreTable } from './tables.js';
import { hanging, joinSpaces, suggestCommand, tableWidth } from './wrap.js';

const BAR_WIDTH = 24;

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
  /** The terminal's width; without it (a pipe, a file) nothing is wrapped or shortened. */
  width?: number;
  /** The --user given on the command line, carried into the commands suggested. */
  userFlag?: string;
}

/** Width of the score bars: 24 characters, fewer when the widest table would not fit the terminal otherwise. */
function barWidth(report: StatsReport, width: number | undefined): number {
  if (width === undefined) return BAR_WIDTH;
  const keyWidth = Math.max('difficulty'.length, ...report.byTopic.map((g) => g.key.length), ...report.byDifficulty.map((g) => g.key.length));
  // Padded key, "questions" and "score" columns, the bar column's padding, and five borders.
  const used = keyWidth + 2 + ('questions'.length + 2) + ('score'.length + 2) + 2 + 5;
  return Math.max(0, Math.min(BAR_WIDTH, width - used - 1));
}

export function formatStats(report: StatsReport, view: StatsView): string {
  const c = view.color;
  const lines: string[] = [];
  const wrap = (text: string, indent = 0) => (view.width === undefined ? joinSpaces(text) : hanging(text, indent, { width: view.width }));
  const command = (text: string) => suggestCommand(text, view.userFlag);
  if (report.sessions === 0) {
    lines.push(
      view.filtered
        ? `No sessions for ${view.user} match these filters.`
        : wrap(`No practice recorded for ${view.user} yet. Start with: ${command('mle-prep quiz')}`),
    );
    for (const section of view.extra ?? []) lines.push('', section);
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    wrap(
      `${c.bold(`Stats for ${view.user}`)} · ${plural(report.sessions, 'session')} · ${report.questionsAnswered} of ${plural(report.questions, 'question')} answered`,
    ),
  );
  const timeouts = report.timeouts ? `${report.timeouts} (${percent(report.timeouts / report.questions)})` : 'none';
  lines.push(
    wrap(
      `Average score ${scoreColor(c, report.averageScore).bold(percent(report.averageScore))} · median ${formatClock(report.medianTimeSeconds)} per question · timeouts ${timeouts}`,
    ),
  );
  const streak = report.streak;
  const streakText =
    streak.days === 0
      ? `none${streak.lastPracticeDay ? ` (last practice ${streak.lastPracticeDay})` : ''}`
      : `${plural(streak.days, 'day')}${streak.practisedToday ? '' : c.yellow(' (practise today to keep it)')}`;
  lines.push(wrap(`Streak: ${streakText}`));
  if (report.trend.length > 1) {
    const scores = report.trend.map((t) => t.score * 100);
    const first = report.trend[0]!.score;
    const last = report.trend.at(-1)!.score;
    lines.push(
      wrap(`Trend of the last ${report.trend.length} sessions ${c.cyan(sparkly(scores, { minimum: 0, maximum: 100 }))}  ${percent(first)} → ${percent(last)}`),
    );
  }

  // In a narrow terminal the bars shrink, and below 6 characters they are left out.
  const bars = barWidth(report, view.width);
  const breakdown = (title: string, groups: StatsReport['byTopic']) => {
    const table = scoreTable(c, bars >= 6 ? [title, 'questions', 'score', ''] : [title, 'questions', 'score'], ['left', 'right', 'right', 'left']);
    for (const g of groups) {
      const row = [g.key, g.count, scoreColor(c, g.score)(percent(g.score))];
      table.push(bars >= 6 ? [...row, scoreBar(c, g.score, bars)] : row);
    }
    return table.toString();
  };
  lines.push('', breakdown('topic', report.byTopic), breakdown('difficulty', report.byDifficulty));

  if (report.weakestTopics.length) {
    lines.push('', wrap(`${c.bold('Weakest topics')}: ${report.weakestTopics.map((g) => `${g.key} (${percent(g.score)})`).join(', ')}`, 2));
    lines.push(`  ${wrap(c.dim(`Drill them: ${command('mle-prep quiz --weak')}, or ${command(`mle-prep quiz --topic ${report.weakestTopics[0]!.key}`)}`), 4)}`);
  }
  if (report.mostMissed.length) {
    const missed = scoreTable(c, ['most missed', 'topic', 'missed'], ['left', 'left', 'right']);
    for (const m of report.mostMissed) missed.push([m.questionId, m.topic, `${m.misses} of ${m.attempts}`]);
    const table = missed.toString();
    // Question ids run to 50 characters: where the table would not fit, a list that wraps at the topic instead.
    if (view.width === undefined || tableWidth(table) < view.width) lines.push('', table);
    else {
      const counts = report.mostMissed.map((m) => `${m.misses} of ${m.attempts}`);
      const countWidth = Math.max(...counts.map((t) => t.length));
      lines.push('', c.bold('Most missed'));
      for (const [i, m] of report.mostMissed.entries())
        lines.push(`  ${counts[i]!.padStart(countWidth)}  ${wrap(`${m.questionId} ${c.dim(`· ${m.topic}`)}`, countWidth + 4)}`);
    }
  }
  const grading = report.selfGrading;
  if (grading.ticked >= SELF_GRADING_MIN_TICKS && grading.unsupported / grading.ticked >= 0.25) {
    const share = percent(grading.unsupported / grading.ticked);
    lines.push(
      '',
      wrap(
        `${c.bold('Self-grading')}: in your last ${plural(grading.sessions, 'session')}, ${grading.unsupported} of the ${grading.ticked} key points you ticked (${share}) ` +
          'had no sentence in your answer that the suggestions could match. You may be grading generously: tick a point when your answer says it.',
        2,
      ),
    );
  }
  for (const section of view.extra ?? []) lines.push('', section);
  return `${lines.join('\n')}\n`;
}

/** Review forecast: cards due on each of the next days (today includes the overdue ones). */
export function formatForecast(forecast: ReadonlyArray<{ day: string; due: number }>, color: ChalkInstance, width?: number, userFlag?: string): string {
  const total = forecast.reduce((n, f) => n + f.due, 0);
  if (total === 0) {
    const text = `${color.bold('Review forecast')}: nothing due in the next ${forecast.length} days. ${suggestCommand('mle-prep review', userFlag)} introduces new questions.`;
    return width === undefined ? joinSpaces(text) : hanging(text, 2, { width });
  }
  const table = scoreTable(color, ['review forecast', 'due'], ['left', 'right']);
  for (const [i, f] of forecast.entries()) table.push([i === 0 ? `${f.day} (today)` : f.day, f.due]);
  return table.toString();
}

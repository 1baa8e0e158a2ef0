// How the interview plan and the readiness forecast read in the terminal.
import { percent } from './score.js';
import type { ChalkInstance } from 'chalk';
import type { ReadinessForecast, StudyPlan, TrackStatus } from '../plan/interview.js';
import { formatClock } from '../session/timing.js';
import { plural } from '../lib/plural.js';
import { scoreColor, scoreTable } from './tables.js';
import { hanging } from './wrap.js';

export interface PlanView {
  color: ChalkInstance;
  /** The terminal's width; without it (a pipe, a file) nothing is wrapped. */
  width?: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Thu 2026-12-17" */
export function dayLabel(day: string): string {
  return `${WEEKDAYS[new Date(`${day}T12:00:00Z`).getUTCDay()]} ${day}`;
}

/** "14 days left", "1 day left" (today only), or how long ago it was. */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft === 0) return 'today';
  if (daysLeft < 0) return `${plural(-daysLeft, 'day')} ago`;
  return `${plural(daysLeft, 'day')} left`;
}

function wrapper(view: PlanView) {
  return (text: string, indent = 0) => (view.width === undefined ? text : hanging(text, indent, { width: view.width }));
}

const topicCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([topic, n]) => `${topic} ${n}`)
    .join(', ');

/** The day-by-day plan with what it covers, what it leaves out and how to follow it. */
export function formatPlan(plan: StudyPlan, user: string, view: PlanView): string {
  const c = view.color;
  const wrap = wrapper(view);
  const lines: string[] = [];
  lines.push(
    wrap(`${c.bold('Interview plan')} · ${user} · interview ${dayLabel(plan.interview)} (${daysLeftText(plan.daysLeft)}) · ${plan.minutesPerDay} min a day`, 2),
  );
  const focus = plan.focus.length ? `focus: ${plan.focus.join(', ')}` : 'all topics';
  const pace =
    plan.pace.source === 'suggested times'
      ? "each question's suggested time"
      : `your median${plan.pace.open !== null ? ` ${formatClock(plan.pace.open)} per open question` : ''}${plan.pace.choice !== null ? `${plan.pace.open !== null ? ',' : ''} ${formatClock(plan.pace.choice)} per multiple-choice one` : ''}${plan.pace.source === 'mixed' ? ', else the suggested time' : ''}`;
  lines.push(
    wrap(`${plural(plan.scope.questions, 'question')} (${focus}): ${plan.scope.seen} seen, ${plan.scope.unseen} new. Minutes are estimated from ${pace}.`, 2),
  );
  if (plan.daysLeft === 0) {
    lines.push('', wrap('The interview is today: nothing more to plan. `mle-prep stats` shows how ready you are. Good luck!'));
    return `${lines.join('\n')}\n`;
  }
  if (plan.leftOut.count) {
    lines.push(
      wrap(
        `${c.yellow(`The time allows ${plan.newPlanned} of the ${plan.scope.unseen} new questions; ${plural(plan.leftOut.count, 'is', 'are')} left out`)}: ${topicCounts(plan.leftOut.byTopic)}. ` +
          'More minutes a day (--minutes-per-day) or fewer topics (--focus) fit more.',
        2,
      ),
    );
  } else if (plan.scope.unseen) lines.push(wrap(`All ${plan.scope.unseen} new questions fit before the interview.`, 2));
  if (plan.withoutFinalPass) {
    lines.push(
      wrap(
        c.yellow(
          `${plural(plan.withoutFinalPass, 'studied question')} would reach the interview below your ${percent(plan.retention)} retention target: their final pass does not fit.`,
        ),
        2,
      ),
    );
  }
  const heavy = plan.days.filter((d) => d.overBudget).length;
  if (heavy) lines.push(wrap(c.yellow(`Reviews alone take more than ${plan.minutesPerDay} min on ${plural(heavy, 'day')}.`), 2));
  lines.push(
    wrap(
      `Following it: ${percent(plan.projected.coverage)} of the questions seen, forecast recall on the day ${percent(plan.projected.averageRecall)} on average.`,
      2,
    ),
  );
  lines.push('');
  // Below 80 columns the days drop their year (the header has it), so the list keeps its columns.
  const compact = view.width !== undefined && view.width < 80;
  const label = (day: string) => (compact ? `${dayLabel(day).slice(0, 4)}${day.slice(5)}` : dayLabel(day));
  const labelWidth = label(plan.today).length + ' (today)'.length;
  const indent = labelWidth + 11;
  // Continuation lines line up under the work, unless that leaves too narrow a column.
  const hang = view.width === undefined || Math.min(view.width, 100) - indent - 1 >= 30 ? indent : 4;
  for (const [i, day] of plan.days.entries()) {
    const name = `${label(day.day)}${i === 0 ? ' (today)' : ''}`.padEnd(labelWidth);
    const parts = [
      day.reviews.length ? plural(day.reviews.length, 'review') : '',
      day.finalPass.length ? `${day.finalPass.length} final pass` : '',
      day.fresh.length ? `${day.fresh.length} new (${topicCounts(day.newByTopic)})` : '',
    ].filter(Boolean);
    const minutes = `${String(Math.round(day.minutes)).padStart(3)} min`;
    const work = parts.length ? parts.join(' · ') : c.dim('free');
    // The day and its minutes are one fixed-width prefix; the work wraps beside it.
    const prefix = `${name}  ${day.overBudget ? c.yellow(minutes) : minutes}  `;
    lines.push(hang === indent ? `${prefix}${wrap(work, indent)}` : wrap(`${prefix}${work}`, hang));
  }
  lines.push(
    '',
    wrap(
      c.dim(
        `Final pass: studied questions whose recall would fade below ${percent((1 + plan.retention) / 2)} by the day, in the last 2 days. \`mle-prep review\` follows this plan day by day.`,
      ),
    ),
  );
  return `${lines.join('\n')}\n`;
}

/** The readiness section of `stats`: days left, whether on track, coverage and forecast recall per topic. */
export function formatReadiness(forecast: ReadinessForecast, track: TrackStatus | undefined, view: PlanView): string {
  const c = view.color;
  const wrap = wrapper(view);
  if (forecast.daysLeft < 0) {
    return wrap(
      `${c.bold('Interview')} ${dayLabel(forecast.interview)} was ${daysLeftText(forecast.daysLeft)}; review is back to the normal schedule. \`mle-prep plan --clear\` removes the date.`,
      2,
    );
  }
  const status = !track ? '' : track.onTrack ? ` · ${c.green('on track')}` : ` · ${c.yellow(`behind: ${track.reasons.join('; ')}`)}`;
  const lines = [wrap(`${c.bold('Interview readiness')} · ${dayLabel(forecast.interview)} (${daysLeftText(forecast.daysLeft)})${status}`, 2)];
  const table = scoreTable(c, ['topic', 'seen', 'coverage', 'recall'], ['left', 'right', 'right', 'right']);
  const row = (name: string, t: ReadinessForecast['overall']) => [
    name,
    `${t.seen}/${t.questions}`,
    scoreColor(c, t.coverage)(percent(t.coverage)),
    t.seen ? scoreColor(c, t.averageRecall)(percent(t.averageRecall)) : c.dim('–'),
  ];
  for (const t of forecast.byTopic) table.push(row(t.topic, t));
  table.push(row(c.bold('all'), forecast.overall));
  lines.push(table.toString());
  lines.push(wrap(c.dim('Recall: the FSRS forecast for the interview day, averaged over the questions seen. `mle-prep plan` shows the day-by-day plan.')));
  return lines.join('\n');
}

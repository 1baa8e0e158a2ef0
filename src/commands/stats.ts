import { EXIT } from '../errors.js';
import { checkedFilter } from '../services/filters.js';
import type { CommandIO } from '../io.js';
import { formatForecast, formatStats } from '../format/stats-text.js';
import { computeStats, type StatsSession } from '../stats/aggregate.js';
import { resolveUser } from '../store/user.js';
import { reviewForecast } from '../review/queue.js';
import { openProfile, reportSkipped } from '../services/profile.js';
import { loadQuestions, loadQuestionSummaries, type BankSelection } from '../services/bank.js';
import { planInputFor } from '../services/plan-input.js';
import { buildStudyPlan, forecastReadiness, trackStatus } from '../plan/interview.js';
import { formatReadiness } from '../format/plan-text.js';
import { planSettings, type PlanSettings } from '../store/settings.js';
import type { Question } from '../bank/types.js';
import { parseSince } from '../services/since.js';
import { printableJson, safeText } from '../format/terminal-text.js';

export interface StatsOptions extends BankSelection {
  user?: string;
  topic?: string[];
  since?: string;
  json?: boolean;
}

/** A session's fields that stats lays out in tables, safe to print and measured as printed. */
function printable(session: StatsSession): StatsSession {
  const results = session.results.map((r) => ({
    ...r,
    questionId: safeText(r.questionId),
    topic: safeText(r.topic),
    difficulty: safeText(r.difficulty) as typeof r.difficulty,
  }));
  return { ...session, id: safeText(session.id), results };
}

export async function runStats(options: StatsOptions, io: CommandIO): Promise<number> {
  const user = resolveUser(options.user, io.env);
  const now = io.now();
  const since = options.since !== undefined ? parseSince(options.since, now) : undefined;
  const store = openProfile(user, io);
  const { sessions, skipped } = await store.readStatsSessions();
  reportSkipped(store, skipped, io);
  const cards = await store.readSchedule();
  const { settings } = await store.readProfileMeta();
  const plan = planSettings(settings);
  // The planner needs each question's suggested time, which only the full bank carries.
  const full = plan ? await loadQuestions(options, io) : undefined;
  const bank = full ?? (await loadQuestionSummaries(options, io));
  checkedFilter({ ...(options.topic ? { topic: options.topic } : {}) }, bank.topics);
  const report = computeStats(
    options.json ? sessions : sessions.map(printable),
    { ...(options.topic ? { topics: options.topic } : {}), ...(since ? { since } : {}) },
    now,
  );
  // Cards of questions no longer in the bank are left out of the forecast.
  const known = new Set(bank.questions.filter((q) => !options.topic?.length || options.topic.includes(q.topic)).map((q) => q.id));
  const forecast = reviewForecast(cards, known, now);
  // The sessions already read: the planner needs only their graded results' topics, types, times and scores.
  const interview = plan && full ? interviewReadiness({ sessions, cards, settings }, plan, full.questions, options, now) : undefined;
  if (options.json) {
    io.stdout.write(
      `${printableJson({ user, generatedAt: now.toISOString(), ...(since ? { since: since.toISOString() } : {}), ...report, reviewForecast: forecast, ...(interview ? { interview } : {}) }, 2)}\n`,
    );
  } else {
    const width = io.stdout.isTTY ? io.stdout.columns : undefined;
    const userFlag = options.user ? user : undefined;
    const extra = [formatForecast(forecast, io.stdout.color, width, userFlag)];
    if (interview) extra.push(formatReadiness(interview.forecast, interview.track, { color: io.stdout.color, ...(width ? { width } : {}) }));
    const view = {
      color: io.stdout.color,
      user,
      filtered: Boolean(since || options.topic?.length),
      extra,
      ...(width ? { width } : {}),
      ...(userFlag ? { userFlag } : {}),
    };
    io.stdout.write(formatStats(report, view));
  }
  return EXIT.ok;
}

/**
 * With an interview date set: the readiness forecast for that day (within --topic, else the plan's focus) and,
 * before the day, whether the plan from today still fits (on track).
 */
function interviewReadiness(data: Parameters<typeof planInputFor>[0], plan: PlanSettings, questions: Question[], options: StatsOptions, now: Date) {
  const input = planInputFor(data, questions, options.topic?.length ? { ...plan, focus: options.topic } : plan, now);
  const forecast = forecastReadiness(input);
  const track = forecast.daysLeft > 0 ? trackStatus(buildStudyPlan(input)) : undefined;
  return { date: plan.interview, daysLeft: forecast.daysLeft, ...(track ? { track } : {}), forecast };
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

import { EXIT, UsageError } from '../errors.js';
import { filterProblems } from '../session/select.js';
import { warnTo, type CommandIO } from '../io.js';
import { formatForecast, formatStats } from '../reporters/stats-text.js';
import { computeStats, type StatsSession } from '../stats/aggregate.js';
import { resolveUser } from '../store/user.js';
import { reviewForecast } from '../review/queue.js';
import { ProfileStore } from '../store/profile-store.js';
import { reportSkipped } from './history.js';
import { loadQuestionSummaries, type BankSelection } from './load-questions.js';
import { parseSince } from './since.js';
import { printableJson, safeText } from '../ui/terminal-text.js';

export interface StatsOptions extends BankSelection {
  user?: string;
  topic?: string[];
  since?: string;
  json?: boolean;
}

/** A session's fields that stats lays out in tables, safe to print and measured as printed. */
function printable(session: StatsSession): StatsSession {
  const results = session.results.map((r) => ({ ...r, questionId: safeText(r.questionId), topic: safeText(r.topic), difficulty: safeText(r.difficulty) as typeof r.difficulty }));
  return { ...session, id: safeText(session.id), results };
}

export async function runStats(options: StatsOptions, io: CommandIO): Promise<number> {
  const user = resolveUser(options.user, io.env);
  const now = io.now();
  const since = options.since !== undefined ? parseSince(options.since, now) : undefined;
  const store = new ProfileStore(user, warnTo(io));
  const { sessions, skipped } = await store.readStatsSessions();
  reportSkipped(store, skipped, io);
  const cards = await store.readSchedule();
  const bank = await loadQuestionSummaries(options, io);
  const problems = filterProblems({ topics: options.topic ?? [] }, bank.topics);
  if (problems.length) throw new UsageError(problems.join(' '));
  const report = computeStats(options.json ? sessions : sessions.map(printable), { ...(options.topic ? { topics: options.topic } : {}), ...(since ? { since } : {}) }, now);
  // Cards of questions no longer in the bank are left out of the forecast.
  const known = new Set(bank.questions.filter((q) => !options.topic?.length || options.topic.includes(q.topic)).map((q) => q.id));
  const forecast = reviewForecast(cards, known, now);
  if (options.json) {
    io.stdout.write(`${printableJson({ user, generatedAt: now.toISOString(), ...(since ? { since: since.toISOString() } : {}), ...report, reviewForecast: forecast }, 2)}\n`);
  } else {
    const width = io.stdout.isTTY ? io.stdout.columns : undefined;
    const extra = [formatForecast(forecast, io.stdout.color, width)];
    io.stdout.write(formatStats(report, { color: io.stdout.color, user, filtered: Boolean(since || options.topic?.length), extra, ...(width ? { width } : {}) }));
  }
  return EXIT.ok;
}

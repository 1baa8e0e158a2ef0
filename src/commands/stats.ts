import { EXIT, UsageError } from '../errors.js';
import { filterProblems } from '../session/select.js';
import { warnTo, type CommandIO } from '../io.js';
import { formatForecast, formatStats } from '../reporters/stats-text.js';
import { computeStats } from '../stats/aggregate.js';
import { resolveUser } from '../store/user.js';
import { reviewForecast } from '../review/queue.js';
import { ProfileStore } from '../store/profile-store.js';
import { readSessions } from './history.js';
import { loadQuestionSummaries, type BankSelection } from './load-questions.js';
import { parseSince } from './since.js';
import { displaySession, printableJson } from '../ui/terminal-text.js';

export interface StatsOptions extends BankSelection {
  user?: string;
  topic?: string[];
  since?: string;
  json?: boolean;
}

export async function runStats(options: StatsOptions, io: CommandIO): Promise<number> {
  const user = resolveUser(options.user, io.env);
  const now = io.now();
  const since = options.since !== undefined ? parseSince(options.since, now) : undefined;
  const sessions = await readSessions(user, io);
  const cards = await new ProfileStore(user, warnTo(io)).readSchedule();
  const bank = await loadQuestionSummaries(options, io);
  const problems = filterProblems({ topics: options.topic ?? [] }, bank.topics);
  if (problems.length) throw new UsageError(problems.join(' '));
  const report = computeStats(options.json ? sessions : sessions.map(displaySession), { ...(options.topic ? { topics: options.topic } : {}), ...(since ? { since } : {}) }, now);
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

import { plural } from '../lib/plural.js';
import { openProfile } from '../services/profile.js';
import { CliError, UsageError } from '../errors.js';
import type { CommandIO } from '../io.js';
import { newSeed } from '../session/random.js';
import { matchesFilter, selectQuestions } from '../session/select.js';
import { weakOrder } from '../session/weak.js';
import { timeLimitFor } from '../session/timing.js';
import type { SessionFilters, SessionMode } from '../session/types.js';
import { annotationsOf, flaggedIds, retentionSetting } from '../store/settings.js';
import { resolveUser } from '../store/user.js';
import { hanging } from '../format/wrap.js';
import { loadQuestionsToChoose, type BankSelection } from '../services/bank.js';
import { aiFor, latestInBackground, requireInteractiveTerminal, runInteractiveSession } from '../services/practice.js';
import { checkedFilter } from '../services/filters.js';
import { describeFilter } from '../format/filter-text.js';

export interface QuizOptions extends BankSelection {
  cram?: boolean;
  weak?: boolean;
  flagged?: boolean;
  topic?: string[];
  difficulty?: string[];
  tag?: string[];
  type?: string;
  count?: number;
  time?: number;
  timer?: boolean;
  seed?: number;
  user?: string;
  /** false with --no-ai: leave the configured model out of this run. */
  ai?: boolean;
}

export async function runQuiz(options: QuizOptions, io: CommandIO): Promise<number> {
  requireInteractiveTerminal(io, 'the quiz');
  const user = resolveUser(options.user, io.env);
  const bank = await loadQuestionsToChoose(options, io);
  const filter = checkedFilter(options, bank.topics);
  const seed = options.seed ?? newSeed();
  const count = options.count ?? 10;
  const store = openProfile(user, io);
  await store.checkWritable();
  // Only the settings before the first question; the latest results are read while it is on screen (--weak reads
  // the sessions first, to order by them).
  const { settings } = await store.readProfileMeta();
  if (options.flagged && options.weak) throw new UsageError('choose one of --flagged and --weak.');
  const flagged = flaggedIds(settings);
  const pool = options.flagged ? bank.questions.filter((q) => flagged.has(q.id)) : bank.questions;
  if (options.flagged && pool.length === 0) {
    throw new CliError('no flagged questions yet; press f after an answer to flag one, or run `mle-prep note <id> --flag`.');
  }
  let chosen = selectQuestions(pool, filter, count, seed);
  let weakNote = '';
  if (options.weak) {
    // The sessions as stats read them (a snapshot without answer text), for the order.
    const { sessions } = await store.readStatsSessions();
    if (sessions.length === 0) weakNote = ' · no history yet, so --weak picks at random';
    else
      chosen = weakOrder(
        bank.questions.filter((q) => matchesFilter(q, filter)),
        sessions,
        seed,
      ).slice(0, count);
  }
  const questions = await bank.read(chosen);
  if (questions.length === 0) {
    throw new CliError(`no ${options.flagged ? 'flagged ' : ''}questions match ${describeFilter(filter)}; \`mle-prep list\` shows what there is.`);
  }
  const timing = { ...(options.time !== undefined ? { time: options.time } : {}), timer: options.timer !== false };
  const filters = {
    ...filter,
    count,
    seed,
    ...timing,
    ...(options.bank ? { banks: options.bank } : {}),
    ...(options.flagged ? { flagged: true } : {}),
  } as SessionFilters;
  const mode: SessionMode = options.cram ? 'cram' : options.weak ? 'weak' : 'quiz';

  const c = io.stdout.color;
  const fewer = questions.length < count ? ` (only ${questions.length} match)` : '';
  const kind = options.flagged ? 'flagged ' : '';
  const title = `${c.bold(`mle-prep ${mode === 'quiz' ? `${kind}quiz` : `${kind}${mode} quiz`}`)} · ${plural(questions.length, 'question')}${fewer} · ${describeFilter(filter)} · ${user} · seed ${seed}${weakNote}`;
  io.stdout.write(`${hanging(title, 2, { width: io.stdout.columns })}\n`);
  return runInteractiveSession(
    {
      mode,
      user,
      filters,
      store,
      bank: bank.whole,
      lexed: bank.lexed,
      latest: latestInBackground(user, io),
      retention: retentionSetting(settings),
      ...(options.user ? { userFlag: user } : {}),
      updateSchedule: !options.cram,
      plan: { questions, limitFor: (q) => timeLimitFor(q, timing) },
      annotations: annotationsOf(settings),
      ...aiFor(options, settings, io.env),
    },
    io,
  );
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

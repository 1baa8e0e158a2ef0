import { randomUUID } from 'node:crypto';
import { CliError, EXIT, UsageError } from '../errors.js';
import { warnTo, type CommandIO } from '../io.js';
import { newSeed } from '../session/random.js';
import { runSession, type SessionPlan } from '../session/run.js';
import type { CardUpdate } from '../review/cards.js';
import { formatNextReviews, nextReviews } from '../review/queue.js';
import { filterProblems, matchesFilter, selectQuestions, type QuestionFilter } from '../session/select.js';
import { weakOrder } from '../session/weak.js';
import { sessionScore } from '../session/summarize.js';
import { timeLimitFor } from '../session/timing.js';
import { isGraded, type SessionFilters, type SessionMode, type SessionRecord } from '../session/types.js';
import { ProfileStore } from '../store/profile-store.js';
import { resolveUser } from '../store/user.js';
import { formatSessionSummary } from '../reporters/session-summary.js';
import { TerminalSessionUI } from '../ui/session-ui.js';
import { hanging } from '../ui/wrap.js';
import { loadQuestions, type BankSelection } from './load-questions.js';

export interface QuizOptions extends BankSelection {
  cram?: boolean;
  weak?: boolean;
  topic?: string[];
  difficulty?: string[];
  tag?: string[];
  type?: string;
  count?: number;
  time?: number;
  timer?: boolean;
  seed?: number;
  user?: string;
}

export function requireInteractiveTerminal(command: string) {
  if (!process.stdin.isTTY) {
    throw new CliError(`${command} needs an interactive terminal, but stdin is not a TTY; run it directly in a terminal.`, EXIT.usage);
  }
}

export function filterFromOptions(options: QuizOptions): QuestionFilter {
  return {
    ...(options.topic ? { topics: options.topic } : {}),
    ...(options.difficulty ? { difficulties: options.difficulty } : {}),
    ...(options.tag ? { tags: options.tag } : {}),
    ...(options.type ? { type: options.type } : {}),
  };
}

export function describeFilter(filter: QuestionFilter): string {
  const parts = [
    filter.topics?.length ? `topic ${filter.topics.join('/')}` : '',
    filter.difficulties?.length ? `difficulty ${filter.difficulties.join('/')}` : '',
    filter.tags?.length ? `tag ${filter.tags.join('/')}` : '',
    filter.type ? `type ${filter.type}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'any topic';
}

export interface InteractiveSession {
  mode: SessionMode;
  user: string;
  plan: SessionPlan;
  filters: SessionFilters;
  store: ProfileStore;
  /** Whether graded answers move the spaced-repetition schedule (false when cramming). */
  updateSchedule: boolean;
  /** Extra text after the summary (mock-interview feedback). */
  feedback?: (record: SessionRecord) => string;
}

/**
 * Runs a session in the terminal, saves what was answered (also after Ctrl-C), prints the summary and returns the
 * exit code. Shared by quiz, review and mock.
 */
export async function runInteractiveSession(session: InteractiveSession, io: CommandIO): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  const startedAt = io.now();
  let run;
  try {
    const ui = new TerminalSessionUI(io, controller.signal);
    run = await runSession(session.plan, ui, () => Date.now());
  } finally {
    process.off('SIGINT', onSigint);
  }
  const c = io.stdout.color;
  if (!run.completed) io.stdout.write(`\n${c.yellow('Stopped.')}\n`);
  if (run.results.length === 0) {
    io.stdout.write('No answers to save.\n');
    return run.completed ? EXIT.ok : EXIT.interrupted;
  }
  const record: SessionRecord = {
    id: randomUUID(),
    user: session.user,
    mode: session.mode,
    startedAt: startedAt.toISOString(),
    finishedAt: io.now().toISOString(),
    completed: run.completed,
    filters: session.filters,
    score: sessionScore(run.results),
    results: run.results,
  };
  // The schedule after this session (undefined when cramming, or when the store refused the session).
  let schedule: CardUpdate | undefined;
  let rescuedTo: string | undefined;
  try {
    schedule = await session.store.appendSession(record, { schedule: session.updateSchedule });
  } catch (error) {
    // The store refused (locked, replaced by a newer version, unwritable): the answers go to a file of their own.
    rescuedTo = session.store.rescue(record);
    io.stderr.write(
      c.red(`mle-prep: could not save to the score store: ${(error as Error).message.replace(/\.$/, '')}. `) +
        `The session was written to ${rescuedTo}; add it back later with: mle-prep import ${rescuedTo}\n`,
    );
  }
  const reset = schedule?.reset ?? [];
  if (reset.length) warnTo(io)(`the saved review schedule of ${reset.join(', ')} was damaged; ${reset.length === 1 ? 'it starts' : 'they start'} fresh.`);
  io.stdout.write(`\n${formatSessionSummary(record, { color: c, width: io.stdout.columns })}\n`);
  if (session.feedback) io.stdout.write(`\n${session.feedback(record)}\n`);
  const view = { width: io.stdout.columns };
  if (!session.updateSchedule) io.stdout.write(c.dim('Cram session: your review schedule was left as it was.\n'));
  else if (schedule) {
    const graded = record.results.filter(isGraded).map((r) => r.questionId);
    const groups = nextReviews(schedule.cards, graded, io.now());
    if (groups.length) io.stdout.write(c.dim(`${hanging(`${formatNextReviews(groups)} mle-prep review brings them back.`, 2, view)}\n`));
  }
  if (rescuedTo) return EXIT.failure;
  io.stdout.write(c.dim(`${hanging(`Saved ${run.completed ? 'session' : 'incomplete session'} ${record.id.slice(0, 8)} for ${session.user}. See \`mle-prep history\`.`, 2, view)}\n`));
  return run.completed ? EXIT.ok : EXIT.interrupted;
}

export async function runQuiz(options: QuizOptions, io: CommandIO): Promise<number> {
  requireInteractiveTerminal('the quiz');
  const user = resolveUser(options.user, io.env);
  const bank = await loadQuestions(options, io);
  const filter = filterFromOptions(options);
  const problems = filterProblems(filter, bank.topics);
  if (problems.length) throw new UsageError(problems.join(' '));
  const seed = options.seed ?? newSeed();
  const count = options.count ?? 10;
  const store = new ProfileStore(user, warnTo(io));
  await store.checkWritable();
  let questions = selectQuestions(bank.questions, filter, count, seed);
  let weakNote = '';
  if (options.weak) {
    const { sessions } = await store.readStatsSessions();
    if (sessions.length === 0) weakNote = ' · no history yet, so --weak picks at random';
    else questions = weakOrder(bank.questions.filter((q) => matchesFilter(q, filter)), sessions, seed).slice(0, count);
  }
  if (questions.length === 0) throw new CliError(`no questions match ${describeFilter(filter)}; \`mle-prep list\` shows what there is.`);
  const timing = { ...(options.time !== undefined ? { time: options.time } : {}), timer: options.timer !== false };
  const filters = { ...filter, count, seed, ...timing, ...(options.bank ? { banks: options.bank } : {}) } as SessionFilters;
  const mode: SessionMode = options.cram ? 'cram' : options.weak ? 'weak' : 'quiz';

  const c = io.stdout.color;
  const fewer = questions.length < count ? ` (only ${questions.length} match)` : '';
  const title = `${c.bold(`mle-prep ${mode === 'quiz' ? 'quiz' : `${mode} quiz`}`)} · ${questions.length} question${questions.length === 1 ? '' : 's'}${fewer} · ${describeFilter(filter)} · ${user} · seed ${seed}${weakNote}`;
  io.stdout.write(`${hanging(title, 2, { width: io.stdout.columns })}\n`);
  return runInteractiveSession(
    {
      mode,
      user,
      filters,
      store,
      updateSchedule: !options.cram,
      plan: { questions, limitFor: (q) => timeLimitFor(q, timing) },
    },
    io,
  );
}

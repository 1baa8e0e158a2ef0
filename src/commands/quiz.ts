import { randomUUID } from 'node:crypto';
import { CliError, EXIT, UsageError } from '../errors.js';
import { warnTo, type CommandIO } from '../io.js';
import type { Question } from '../bank/types.js';
import { questionDocument, suggestKeyPoints, termWeights, type TermWeights } from '../grading/suggest.js';
import { choiceOrder, newSeed } from '../session/random.js';
import { lastResults } from '../session/weak.js';
import { runSession, type SessionPlan } from '../session/run.js';
import type { CardUpdate } from '../review/cards.js';
import { formatNextReviews, nextReviews } from '../review/queue.js';
import { filterProblems, matchesFilter, selectQuestions, type QuestionFilter } from '../session/select.js';
import { weakOrder } from '../session/weak.js';
import { sessionScore } from '../session/summarize.js';
import { timeLimitFor } from '../session/timing.js';
import { isGraded, type SessionFilters, type SessionMode, type SessionRecord } from '../session/types.js';
import { ProfileStore } from '../store/profile-store.js';
import { annotationsOf, flaggedIds, retentionSetting, saveAnnotations, type Annotations } from '../store/settings.js';
import { resolveUser } from '../store/user.js';
import type { StoreSettings } from '../store/schema.js';
import { aiConnection, type AiConnection } from '../ai/settings.js';
import { AiFailure } from '../ai/client.js';
import { commonTerms, followUpFromModel, gradeWithModel } from '../ai/interviewer.js';
import { safeText } from '../ui/terminal-text.js';
import { formatSessionSummary } from '../reporters/session-summary.js';
import { TerminalSessionUI } from '../ui/session-ui.js';
import { hanging, joinSpaces, suggestCommand } from '../ui/wrap.js';
import { loadQuestions, type BankSelection } from './load-questions.js';

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

export function requireInteractiveTerminal(command: string) {
  if (!process.stdin.isTTY) {
    throw new CliError(`${command} needs an interactive terminal, but stdin is not a TTY; run it directly in a terminal.`, EXIT.usage);
  }
  // Prompts written into a file would leave the user answering a blank screen.
  if (!process.stdout.isTTY) {
    throw new CliError(
      `${command} needs an interactive terminal, but its output goes to a file or pipe; run it directly in a terminal (\`mle-prep export\` writes reports).`,
      EXIT.usage,
    );
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
  /** The --user given on the command line, carried into the commands the session suggests. */
  userFlag?: string;
  /** The whole loaded bank: key-point suggestions weigh words by how rare they are in it. */
  bank: readonly Question[];
  /** The profile's earlier sessions, for "last time" when a question comes back (maybe still being read). */
  history: readonly SessionRecord[] | Promise<readonly SessionRecord[]>;
  /** The desired retention the review schedule moves by (the profile's setting). */
  retention?: number | undefined;
  /** Advice saved with the session (a mock's "study next"). */
  advise?: (results: SessionRecord['results']) => SessionRecord['studyNext'];
  /** Extra text after the summary (mock-interview feedback). */
  feedback?: (record: SessionRecord) => string;
  /** The profile's notes and flags as read before the session. */
  annotations?: Annotations;
  /** The model to ask for verdicts, feedback and (with followUps) mock follow-ups, when one is configured. */
  ai?: AiConnection;
  /** Ask the model one follow-up question after each open answer (mock interviews). */
  followUps?: boolean;
}

/** The profile's model, unless --no-ai was given (or none is configured). */
export function aiFor(options: { ai?: boolean }, settings: StoreSettings, env: NodeJS.ProcessEnv): { ai?: AiConnection } {
  const connection = options.ai === false ? undefined : aiConnection(settings, env);
  return connection ? { ai: connection } : {};
}

/**
 * The plan with what every session shares: suggested key points (weights built once, on the first open answer),
 * options in a new order each time (fixed by the session's seed), and the last result of a returning question.
 */
export function withGradingAids(session: InteractiveSession, io: CommandIO, signal: AbortSignal): SessionPlan {
  let weights: TermWeights | undefined;
  const seed = session.filters.seed ?? newSeed();
  // Built on the first returning question, not before the first question is on screen.
  let last: Map<string, SessionRecord['results'][number]> | undefined;
  let lastOnceRead: Promise<Map<string, SessionRecord['results'][number]>> | undefined;
  const offline = (question: Question, answer: string) => suggestKeyPoints(question, answer, (weights ??= termWeights(session.bank.map(questionDocument))));
  // A model that failed once (down, slow, confused) is left out for the rest of the session: every later question
  // would otherwise wait out the same timeout.
  let ai = session.ai;
  let common: Set<string> | undefined;
  const giveUp = (error: unknown, fallback: string) => {
    if (signal.aborted) return;
    ai = undefined;
    const why = error instanceof AiFailure ? error.message : `the model could not be asked: ${(error as Error)?.message ?? String(error)}`;
    warnTo(io)(`${safeText(why)}; ${fallback} for the rest of this session.`);
  };
  return {
    ...session.plan,
    suggest: (question, answer) => {
      const suggestions = offline(question, answer);
      if (!ai || !answer.trim()) return { suggestions };
      common ??= commonTerms(session.bank.map(questionDocument));
      return gradeWithModel(ai, question, answer, suggestions, { signal, commonTerms: common }).then(
        (grade) => ({ suggestions: grade.suggestions, ...(grade.feedback ? { feedback: grade.feedback } : {}) }),
        (error: unknown) => {
          giveUp(error, 'using the offline suggestions');
          return { suggestions };
        },
      );
    },
    ...(session.followUps && session.ai
      ? {
          followUp: async (question: Question, answer: string) => {
            if (!ai) return undefined;
            try {
              return await followUpFromModel(ai, question, answer, signal);
            } catch (error) {
              giveUp(error, 'no follow-up questions');
              return undefined;
            }
          },
        }
      : {}),
    choiceOrder: (question) => choiceOrder(question, seed),
    lastTime: (id) => {
      if (!last && !lastOnceRead) {
        const { history } = session;
        if (history instanceof Promise) lastOnceRead = history.then(lastResults, () => new Map());
        else last = lastResults(history);
      }
      return last ? last.get(id) : lastOnceRead!.then((found) => found.get(id));
    },
  };
}

/**
 * The profile's sessions for "last time", read while the first question is on screen rather than before it: the
 * reading gives way to the terminal every few lines, and what it has to warn about is said once it is done.
 */
export function historyInBackground(user: string, io: CommandIO): Promise<readonly SessionRecord[]> {
  const held: string[] = [];
  return new ProfileStore(user, (message) => held.push(message)).readSessions({ turns: 64 }).then(
    ({ sessions }) => {
      for (const message of held) warnTo(io)(message);
      return sessions;
    },
    () => [],
  );
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
  const ui = new TerminalSessionUI(io, controller.signal, { ...(session.annotations ? { annotations: session.annotations } : {}), ...(session.ai ? { model: session.ai.model } : {}) });
  try {
    run = await runSession(withGradingAids(session, io, controller.signal), ui, () => Date.now());
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
    ...(session.advise ? { studyNext: session.advise(run.results) } : {}),
  };
  // The schedule after this session (undefined when cramming, or when the store refused the session).
  let schedule: CardUpdate | undefined;
  let rescuedTo: string | undefined;
  try {
    schedule = await session.store.appendSession(record, { schedule: session.updateSchedule, ...(session.retention !== undefined ? { retention: session.retention } : {}) });
    // Flags and notes made during the session: settings, saved after the session itself is safe in the journal.
    if (ui.annotated.size) await session.store.updateProfileMeta((meta) => saveAnnotations(meta.settings, ui.annotations, ui.annotated));
  } catch (error) {
    // The store refused (locked, replaced by a newer version, unwritable): the answers go to a file of their own.
    rescuedTo = session.store.rescue(record);
    io.stderr.write(
      c.red(`mle-prep: could not save to the score store: ${(error as Error).message.replace(/\.$/, '')}. `) +
        `The session was written to ${rescuedTo}; add it back later with: ${joinSpaces(suggestCommand(`mle-prep import ${rescuedTo}`, session.userFlag))}\n`,
    );
  }
  const reset = schedule?.reset ?? [];
  if (reset.length) warnTo(io)(`the saved review schedule of ${reset.join(', ')} was damaged; ${reset.length === 1 ? 'it starts' : 'they start'} fresh.`);
  io.stdout.write(`\n${formatSessionSummary(record, { color: c, width: io.stdout.columns, ...(session.userFlag ? { userFlag: session.userFlag } : {}) })}\n`);
  if (session.feedback) io.stdout.write(`\n${session.feedback(record)}\n`);
  const view = { width: io.stdout.columns };
  if (!session.updateSchedule) io.stdout.write(c.dim('Cram session: your review schedule was left as it was.\n'));
  else if (schedule) {
    const graded = record.results.filter(isGraded).map((r) => r.questionId);
    const groups = nextReviews(schedule.cards, graded, io.now());
    if (groups.length) io.stdout.write(c.dim(`${hanging(`${formatNextReviews(groups)} ${suggestCommand('mle-prep review', session.userFlag)} brings them back.`, 2, view)}\n`));
  }
  if (rescuedTo) return EXIT.failure;
  io.stdout.write(c.dim(`${hanging(`Saved ${run.completed ? 'session' : 'incomplete session'} ${record.id.slice(0, 8)} for ${session.user}. See \`${suggestCommand('mle-prep history', session.userFlag)}\`.`, 2, view)}\n`));
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
  // Only the settings before the first question; the history is read while it is on screen (--weak orders by it).
  const { settings } = await store.readProfileMeta();
  if (options.flagged && options.weak) throw new UsageError('choose one of --flagged and --weak.');
  const flagged = flaggedIds(settings);
  const pool = options.flagged ? bank.questions.filter((q) => flagged.has(q.id)) : bank.questions;
  if (options.flagged && pool.length === 0) {
    throw new CliError('no flagged questions yet; press f after an answer to flag one, or run `mle-prep note <id> --flag`.');
  }
  let questions = selectQuestions(pool, filter, count, seed);
  let weakNote = '';
  let history: readonly SessionRecord[] | undefined;
  if (options.weak) {
    // Read once, for the order and for "last time".
    const { sessions } = await store.readSessions();
    history = sessions;
    if (sessions.length === 0) weakNote = ' · no history yet, so --weak picks at random';
    else questions = weakOrder(bank.questions.filter((q) => matchesFilter(q, filter)), sessions, seed).slice(0, count);
  }
  if (questions.length === 0) {
    throw new CliError(`no ${options.flagged ? 'flagged ' : ''}questions match ${describeFilter(filter)}; \`mle-prep list\` shows what there is.`);
  }
  const timing = { ...(options.time !== undefined ? { time: options.time } : {}), timer: options.timer !== false };
  const filters = { ...filter, count, seed, ...timing, ...(options.bank ? { banks: options.bank } : {}), ...(options.flagged ? { flagged: true } : {}) } as SessionFilters;
  const mode: SessionMode = options.cram ? 'cram' : options.weak ? 'weak' : 'quiz';

  const c = io.stdout.color;
  const fewer = questions.length < count ? ` (only ${questions.length} match)` : '';
  const kind = options.flagged ? 'flagged ' : '';
  const title = `${c.bold(`mle-prep ${mode === 'quiz' ? `${kind}quiz` : `${kind}${mode} quiz`}`)} · ${questions.length} question${questions.length === 1 ? '' : 's'}${fewer} · ${describeFilter(filter)} · ${user} · seed ${seed}${weakNote}`;
  io.stdout.write(`${hanging(title, 2, { width: io.stdout.columns })}\n`);
  return runInteractiveSession(
    {
      mode,
      user,
      filters,
      store,
      bank: bank.questions,
      history: history ?? historyInBackground(user, io),
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

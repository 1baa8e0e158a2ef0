// Running a practice session in the terminal, shared by quiz, review and mock: the grading aids every session
// gets, the session loop, saving the result and the summary.
import { randomUUID } from 'node:crypto';
import { CliError, EXIT } from '../errors.js';
import { warnTo, type CommandIO } from '../io.js';
import type { Question } from '../bank/types.js';
import { questionDocument, suggestKeyPoints, termWeights, type TermWeights } from '../grading/suggest.js';
import { choiceOrder, newSeed } from '../session/random.js';
import { runSession, type GradingAid, type SessionPlan } from '../session/run.js';
import type { CardUpdate } from '../review/cards.js';
import { nextReviews } from '../review/queue.js';
import { formatNextReviews } from '../format/score.js';
import { sessionScore } from '../session/summarize.js';
import { isGraded, type ResultRecord, type SessionFilters, type SessionMode, type SessionRecord } from '../session/types.js';
import { ProfileStore } from '../store/profile-store.js';
import { saveAnnotations, type Annotations } from '../store/settings.js';
import type { StoreSettings } from '../store/schema.js';
import { aiConnection, type AiConnection } from '../ai/settings.js';
import { isAiFailure } from '../ai/client.js';
import { safeText } from '../format/terminal-text.js';
import { exportJson } from '../format/export/json.js';
import { formatSessionSummary } from '../format/session-summary.js';
import type { LexedLookup } from './bank.js';
import { TerminalSessionUI } from '../ui/session-ui.js';
import { hanging, joinSpaces, suggestCommand } from '../format/wrap.js';

export function requireInteractiveTerminal(io: CommandIO, command: string) {
  if (!io.stdin.isTTY) {
    throw new CliError(`${command} needs an interactive terminal, but stdin is not a TTY; run it directly in a terminal.`, EXIT.usage);
  }
  // Prompts written into a file would leave the user answering a blank screen.
  if (!io.stdout.isTTY) {
    throw new CliError(
      `${command} needs an interactive terminal, but its output goes to a file or pipe; run it directly in a terminal (\`mle-prep export\` writes reports).`,
      EXIT.usage,
    );
  }
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
  /**
   * The whole loaded bank: key-point suggestions weigh words by how rare they are in it. (A quiz, a review or a mock
   * loads it when the first answer is graded, or while the first question is on screen.)
   */
  bank: readonly Question[] | (() => Promise<readonly Question[]>);
  /** Its questions' Markdown already lexed, when the bank has it (LoadedBank.lexed). */
  lexed?: LexedLookup | undefined;
  /**
   * The latest graded result of each question the profile answered before, for "last time" when a question comes
   * back (maybe still being read).
   */
  latest: ReadonlyMap<string, ResultRecord> | Promise<ReadonlyMap<string, ResultRecord>>;
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

/** How long after a session starts its whole bank is read, when it was not read before the first question. */
const BANK_AFTER_MS = 300;

/** The model interviewer (with its reply validator), loaded when a session first asks the model. */
const interviewer = () => import('../ai/interviewer.js');

/**
 * The plan with what every session shares: suggested key points (weights built once, on the first open answer),
 * options in a new order each time (fixed by the session's seed), and the last result of a returning question.
 */
export function withGradingAids(session: InteractiveSession, io: CommandIO, signal: AbortSignal): SessionPlan {
  let weights: TermWeights | undefined;
  let bank = typeof session.bank === 'function' ? undefined : session.bank;
  let bankRead: Promise<unknown> | undefined;
  /** Undefined once the bank is at hand; else the promise of it. */
  const bankPending = () => {
    if (bank) return undefined;
    bankRead ??= (session.bank as () => Promise<readonly Question[]>)().then(
      (read) => {
        bank = read;
      },
      (error: unknown) => {
        // Never worth losing the session over: the suggestions weigh words by this session's questions instead.
        bank = session.plan.questions;
        warnTo(io)(
          `the question bank could not be read again for the key-point suggestions (${safeText((error as Error)?.message ?? String(error))}); they weigh words by this session's questions only.`,
        );
      },
    );
    return bankRead;
  };
  // Read after the first question is on screen, so that the first answer need not wait for it.
  if (!bank) {
    const timer = io.clock.setTimeout(() => void bankPending(), BANK_AFTER_MS);
    // Never what keeps the process running.
    (timer as { unref?: () => void }).unref?.();
  }
  const seed = session.filters.seed ?? newSeed();
  const offline = (question: Question, answer: string) => suggestKeyPoints(question, answer, (weights ??= termWeights(bank!.map(questionDocument))));
  // A model that failed once (down, slow, confused) is left out for the rest of the session: every later question
  // would otherwise wait out the same timeout.
  let ai = session.ai;
  let common: Set<string> | undefined;
  const giveUp = (error: unknown, fallback: string) => {
    if (signal.aborted) return;
    ai = undefined;
    const why = isAiFailure(error) ? error.message : `the model could not be asked: ${(error as Error)?.message ?? String(error)}`;
    warnTo(io)(`${safeText(why)}; ${fallback} for the rest of this session.`);
  };
  const suggest = (question: Question, answer: string): GradingAid | Promise<GradingAid> => {
    const suggestions = offline(question, answer);
    if (!ai || !answer.trim()) return { suggestions };
    const model = ai;
    return interviewer()
      .then(({ commonTerms, gradeWithModel }) => {
        common ??= commonTerms(bank!.map(questionDocument));
        return gradeWithModel(model, question, answer, suggestions, { signal, commonTerms: common });
      })
      .then(
        (grade) => ({ suggestions: grade.suggestions, ...(grade.feedback ? { feedback: grade.feedback } : {}) }),
        (error: unknown) => {
          giveUp(error, 'using the offline suggestions');
          return { suggestions };
        },
      );
  };
  return {
    ...session.plan,
    suggest: (question, answer) => {
      const pending = bankPending();
      return pending ? pending.then(() => suggest(question, answer)) : suggest(question, answer);
    },
    ...(session.followUps && session.ai
      ? {
          followUp: async (question: Question, answer: string) => {
            const model = ai;
            if (!model) return undefined;
            try {
              return await (await interviewer()).followUpFromModel(model, question, answer, signal);
            } catch (error) {
              giveUp(error, 'no follow-up questions');
              return undefined;
            }
          },
        }
      : {}),
    choiceOrder: (question) => choiceOrder(question, seed),
    lastTime: (id) => {
      const { latest } = session;
      return latest instanceof Promise ? latest.then((found) => found.get(id)) : latest.get(id);
    },
  };
}

/**
 * The latest result of each question the profile answered, for "last time", read while the first question is on
 * screen rather than before it (a snapshot kept beside the journal, so its cost follows the questions answered, not
 * the sessions; the first time, the reading gives way to the terminal every few journal lines); what it has to
 * warn about is said once it is done.
 */
export function latestInBackground(user: string, io: CommandIO): Promise<ReadonlyMap<string, ResultRecord>> {
  const held: string[] = [];
  return new ProfileStore(user, (message) => held.push(message), io.storeDir, io.now).readLatestResults({ turns: 64 }).then(
    (latest) => {
      for (const message of held) warnTo(io)(message);
      return latest;
    },
    () => new Map(),
  );
}

/**
 * Runs a session in the terminal, saves what was answered (also after Ctrl-C), prints the summary and returns the
 * exit code. Shared by quiz, review and mock.
 */
export async function runInteractiveSession(session: InteractiveSession, io: CommandIO): Promise<number> {
  const controller = new AbortController();
  const stopListening = io.signals.onInterrupt(() => controller.abort());
  const startedAt = io.now();
  let run: Awaited<ReturnType<typeof runSession>>;
  const ui = new TerminalSessionUI(io, controller.signal, {
    ...(session.annotations ? { annotations: session.annotations } : {}),
    ...(session.ai ? { model: session.ai.model } : {}),
    lexed: session.lexed,
  });
  try {
    run = await runSession(withGradingAids(session, io, controller.signal), ui, io.clock.now);
  } finally {
    stopListening();
    ui.close();
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
    schedule = await session.store.appendSession(record, {
      schedule: session.updateSchedule,
      ...(session.retention !== undefined ? { retention: session.retention } : {}),
    });
    // Flags and notes made during the session: settings, saved after the session itself is safe in the journal.
    if (ui.annotated.size) await session.store.updateProfileMeta((meta) => saveAnnotations(meta.settings, ui.annotations, ui.annotated));
  } catch (error) {
    // The store refused (locked, replaced by a newer version, unwritable): the answers go to a file of their own.
    rescuedTo = session.store.rescue(exportJson({ user: session.user, generatedAt: io.now().toISOString(), sessions: [record], questions: new Map() }));
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
    if (groups.length)
      io.stdout.write(c.dim(`${hanging(`${formatNextReviews(groups)} ${suggestCommand('mle-prep review', session.userFlag)} brings them back.`, 2, view)}\n`));
  }
  if (rescuedTo) return EXIT.failure;
  io.stdout.write(
    c.dim(
      `${hanging(`Saved ${run.completed ? 'session' : 'incomplete session'} ${record.id.slice(0, 8)} for ${session.user}. See \`${suggestCommand('mle-prep history', session.userFlag)}\`.`, 2, view)}\n`,
    ),
  );
  return run.completed ? EXIT.ok : EXIT.interrupted;
}

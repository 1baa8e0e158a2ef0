// The quiz loop, free of terminal and disk: it asks through a SessionUI, times with an injected clock and returns
// plain results. The terminal UI, a test double, the quiz, the review and the mock all drive this one loop.
import type { Question } from '../bank/types.js';
import type { KeyPointSuggestion } from '../grading/suggest.js';
import { gradeChoice, gradeKeyPoints } from './grade.js';
import { elapsedSeconds } from './timing.js';
import type { FollowUpRecord, ResultRecord } from './types.js';

export interface QuestionContext {
  index: number;
  total: number;
  /** Seconds allowed for this question, when timed. */
  limitSeconds?: number;
  /** Clock reading (ms) at which the question closes as timed out. */
  deadline?: number;
  /** Clock reading (ms) at which the whole session ends (mock interviews). */
  sessionDeadline?: number;
  /** Clock reading (ms) at which an advisory budget runs out; the question stays open after it. */
  budgetEnd?: number;
  /** True while grading answers given earlier (mock interviews review after the last question). */
  reviewing?: boolean;
  /** Choice questions: the order to show the options in, as indices into the question's choices. */
  choiceOrder?: number[];
  /** Open questions, when grading: the key points the answer appears to cover, with evidence. */
  suggestions?: KeyPointSuggestion[];
  /** The user's previous graded result for this question, shown beside the model answer. */
  lastTime?: ResultRecord;
}

export interface AskOutcome {
  timedOut: boolean;
  /** Open questions: the text typed. */
  text?: string;
  /** Choice questions: option indices picked, in the question's own order (not the order shown). */
  picked?: number[];
  /** Hints revealed while answering. */
  hintsUsed?: number;
  /**
   * Runnable exercises whose code was run: the last run's tests. Present only when the tests ran; without it
   * (no python3, say) the answer is self-graded against the key points as any open answer is.
   */
  tests?: TestTally;
}

export interface TestTally {
  passed: number;
  total: number;
}

export interface SessionUI {
  /** Called once with the session's questions before the first is asked: what they need can start loading. */
  prepare?(questions: readonly Question[]): void;
  /** Shows the question and collects a response, resolving with timedOut at `deadline`. */
  ask(question: Question, context: QuestionContext): Promise<AskOutcome>;
  /** Shows the model answer (and, for choice questions, which picks were right). */
  reveal(question: Question, outcome: AskOutcome, context: QuestionContext): Promise<void>;
  /** Open questions answered in time: which key points the answer covered (context.suggestions pre-ticks some). */
  tickKeyPoints(question: Question, context: QuestionContext, answer: string): Promise<number[]>;
  /** Shows the graded result and waits until the user is ready for the next question. */
  afterResult(question: Question, result: ResultRecord, context: QuestionContext): Promise<void>;
  /** Deferred review only: called once, after the last question and before the first review. */
  beforeReview?(): Promise<void>;
  /** Shown while the plan prepares suggestions or a follow-up that take a while (a model is asked). */
  waiting?(what: 'grading' | 'follow-up'): void;
  /** Asks a follow-up question on an open answer, on the same clock as the question (resolves timedOut at `deadline`). */
  askFollowUp?(question: Question, followUp: string, context: QuestionContext): Promise<AskOutcome>;
}

/** Thrown by a SessionUI when the user interrupts (Ctrl-C); the loop returns what was finished. */
export class SessionInterrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'SessionInterrupted';
  }
}

export interface SessionPlan {
  questions: readonly Question[];
  /** Seconds allowed for a question, given the clock now; undefined means untimed. */
  limitFor(question: Question, index: number, nowMs: number): number | undefined;
  /** Clock reading (ms) at which the whole session ends, for mock interviews. */
  sessionDeadline?: number;
  /** Reveal answers and self-grade only after the last question, as after an interview. */
  deferReview?: boolean;
  /**
   * Per-question limits are budgets to pace by, not deadlines: a question closes only when the session ends.
   * (A mock interview: overrunning one answer costs the questions after it.)
   */
  softLimits?: boolean;
  /**
   * Key points an answer appears to cover, suggested before the user ticks (the score stays the user's ticks), and
   * a model's interviewer feedback when one was asked. A promise when a model is asked (the UI shows it waits).
   */
  suggest?(question: Question, answer: string): GradingAid | Promise<GradingAid>;
  /** One follow-up question on an open answer, asked right after it on the same clock (mock interviews with a model). */
  followUp?(question: Question, answer: string): Promise<string | undefined>;
  /** The order to show a choice question's options in (indices into its choices). */
  choiceOrder?(question: Question, index: number): number[];
  /**
   * The user's last graded result for a question, when it comes back; a promise when the history is still being
   * read (it is awaited once the answer is in, before the result is shown).
   */
  lastTime?(questionId: string): ResultRecord | undefined | Promise<ResultRecord | undefined>;
}

export interface GradingAid {
  suggestions: KeyPointSuggestion[];
  /** A model's two or three sentences of interviewer feedback, shown after the checklist and saved. */
  feedback?: string;
}

export interface SessionRun {
  results: ResultRecord[];
  completed: boolean;
}

function baseResult(question: Question, status: ResultRecord['status'], timeSeconds: number, limit?: number): ResultRecord {
  return {
    questionId: question.id,
    topic: question.topic,
    difficulty: question.difficulty,
    type: question.type,
    score: 0,
    timeSeconds,
    timedOut: status === 'timed-out',
    status,
    ...(limit !== undefined ? { limitSeconds: limit } : {}),
  };
}

/**
 * Scores one answered question: reveal, then the key points (open) or the automatic grade (choice). The result is
 * final once this returns; showing it (`afterResult`) is separate, so an interrupt there keeps the grade.
 */
async function score(plan: SessionPlan, question: Question, outcome: AskOutcome, result: ResultRecord, ui: SessionUI, context: QuestionContext) {
  await ui.reveal(question, outcome, context);
  if (outcome.tests) {
    gradeByTests(outcome, result);
  } else if (question.type === 'choice') {
    result.picked = outcome.picked ?? [];
    result.score = outcome.timedOut ? 0 : gradeChoice(question, result.picked);
  } else {
    result.answer = outcome.text ?? '';
    result.keyPointsTotal = question.keyPoints.length;
    if (outcome.timedOut) result.keyPointsCovered = [];
    else {
      let pending = plan.suggest?.(question, result.answer);
      if (pending instanceof Promise) {
        ui.waiting?.('grading');
        pending = await pending;
      }
      const suggestions = pending?.suggestions;
      if (suggestions) result.keyPointsSuggested = suggestions.filter((s) => s.covered).map((s) => s.index);
      if (suggestions?.some((s) => s.source === 'ai')) result.keyPointsSuggestedBy = 'ai';
      if (pending?.feedback) result.feedback = pending.feedback;
      result.keyPointsCovered = await ui.tickKeyPoints(question, { ...context, ...(suggestions ? { suggestions } : {}) }, result.answer);
    }
    result.score = outcome.timedOut ? 0 : gradeKeyPoints(question, result.keyPointsCovered);
  }
  result.status = outcome.timedOut ? 'timed-out' : 'answered';
}

/** A runnable exercise's grade is the share of its tests the last run passed; running out of time scores 0. */
function gradeByTests(outcome: AskOutcome, result: ResultRecord) {
  const { passed, total } = outcome.tests!;
  result.answer = outcome.text ?? '';
  result.testsPassed = passed;
  result.testsTotal = total;
  result.score = outcome.timedOut || total === 0 ? 0 : passed / total;
  result.status = outcome.timedOut ? 'timed-out' : 'answered';
}

/** The plan's follow-up on an open answer given in time, asked and answered on the question's clock. */
async function askFollowUp(
  plan: SessionPlan,
  ui: SessionUI,
  question: Question,
  outcome: AskOutcome,
  context: QuestionContext,
): Promise<FollowUpRecord | undefined> {
  if (question.type !== 'open' || outcome.timedOut || !outcome.text?.trim() || !plan.followUp || !ui.askFollowUp) return undefined;
  ui.waiting?.('follow-up');
  const followUp = await plan.followUp(question, outcome.text);
  if (!followUp) return undefined;
  const reply = await ui.askFollowUp(question, followUp, context);
  return { question: followUp, answer: reply.text ?? '', ...(reply.timedOut ? { timedOut: true } : {}) };
}

export async function runSession(plan: SessionPlan, ui: SessionUI, now: () => number): Promise<SessionRun> {
  const results: ResultRecord[] = [];
  const asked: Array<{ question: Question; outcome: AskOutcome; result: ResultRecord; context: QuestionContext }> = [];
  const total = plan.questions.length;
  const finish = async (item: (typeof asked)[number]) => {
    await score(plan, item.question, item.outcome, item.result, ui, item.context);
    await ui.afterResult(item.question, item.result, item.context);
  };
  ui.prepare?.(plan.questions);
  try {
    for (const [index, question] of plan.questions.entries()) {
      const start = now();
      if (plan.sessionDeadline !== undefined && start >= plan.sessionDeadline) {
        results.push(...plan.questions.slice(index).map((q) => baseResult(q, 'not-reached', 0)));
        break;
      }
      const limit = plan.limitFor(question, index, start);
      const limitEnd = limit === undefined ? undefined : start + limit * 1000;
      let deadline = plan.softLimits ? undefined : limitEnd;
      if (plan.sessionDeadline !== undefined) deadline = Math.min(deadline ?? Infinity, plan.sessionDeadline);
      const context: QuestionContext = {
        index,
        total,
        ...(limit !== undefined ? { limitSeconds: limit } : {}),
        ...(deadline !== undefined ? { deadline } : {}),
        ...(plan.sessionDeadline !== undefined ? { sessionDeadline: plan.sessionDeadline } : {}),
        ...(plan.softLimits && limitEnd !== undefined ? { budgetEnd: limitEnd } : {}),
        ...(question.type === 'choice' && plan.choiceOrder ? { choiceOrder: plan.choiceOrder(question, index) } : {}),
      };
      const last = plan.lastTime?.(question.id);
      if (last && !(last instanceof Promise)) context.lastTime = last;
      const outcome = await ui.ask(question, context);
      if (last instanceof Promise) {
        const found = await last;
        if (found) context.lastTime = found;
      }
      // A timeout is noticed a tick after the deadline; the time used is never more than the time allowed.
      const endOf = (closedByClock: boolean) => (closedByClock && deadline !== undefined ? Math.min(now(), deadline) : now());
      const result = baseResult(question, outcome.timedOut ? 'timed-out' : 'ungraded', elapsedSeconds(start, endOf(outcome.timedOut)), limit);
      if (outcome.hintsUsed) result.hintsUsed = outcome.hintsUsed;
      // What needs no self-grade is final at once: a choice pick, a test run, or running out of time.
      if (outcome.tests) {
        gradeByTests(outcome, result);
      } else if (question.type === 'choice') {
        result.picked = outcome.picked ?? [];
        result.score = outcome.timedOut ? 0 : gradeChoice(question, result.picked);
        result.status = outcome.timedOut ? 'timed-out' : 'answered';
      } else {
        result.answer = outcome.text ?? '';
        result.keyPointsTotal = question.keyPoints.length;
        if (outcome.timedOut) result.keyPointsCovered = [];
      }
      results.push(result);
      // Asked once the answer is kept: a Ctrl-C during the follow-up loses nothing typed before it.
      const followUp = await askFollowUp(plan, ui, question, outcome, context);
      if (followUp) {
        result.followUp = followUp;
        result.timeSeconds = elapsedSeconds(start, endOf(followUp.timedOut === true));
      }
      const item = { question, outcome, result, context };
      if (plan.deferReview) asked.push(item);
      else await finish(item);
    }
    if (plan.deferReview && asked.length > 0) {
      await ui.beforeReview?.();
      for (const [i, item] of asked.entries()) {
        const { choiceOrder, lastTime } = item.context;
        await finish({
          ...item,
          context: { index: i, total: asked.length, reviewing: true, ...(choiceOrder ? { choiceOrder } : {}), ...(lastTime ? { lastTime } : {}) },
        });
      }
    }
  } catch (error) {
    if (!(error instanceof SessionInterrupted)) throw error;
    // Everything answered is kept: graded results as they are, open answers not yet self-graded as 'ungraded'
    // (saved with the text, left out of scores and of the review schedule).
    return { results, completed: false };
  }
  return { results, completed: true };
}

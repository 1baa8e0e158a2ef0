// The quiz loop, free of terminal and disk: it asks through a SessionUI, times with an injected clock and returns
// plain results. The terminal UI, a test double, the quiz, the review and the mock all drive this one loop.
import type { Question } from '../bank/types.js';
import { gradeChoice, gradeKeyPoints } from './grade.js';
import { elapsedSeconds } from './timing.js';
import type { ResultRecord } from './types.js';

export interface QuestionContext {
  index: number;
  total: number;
  /** Seconds allowed for this question, when timed. */
  limitSeconds?: number;
  /** Clock reading (ms) at which the question closes as timed out. */
  deadline?: number;
  /** Clock reading (ms) at which the whole session ends (mock interviews). */
  sessionDeadline?: number;
}

export interface AskOutcome {
  timedOut: boolean;
  /** Open questions: the text typed. */
  text?: string;
  /** Choice questions: option indices picked. */
  picked?: number[];
}

export interface SessionUI {
  /** Shows the question and collects a response, resolving with timedOut at `deadline`. */
  ask(question: Question, context: QuestionContext): Promise<AskOutcome>;
  /** Shows the model answer (and, for choice questions, which picks were right). */
  reveal(question: Question, outcome: AskOutcome, context: QuestionContext): Promise<void>;
  /** Open questions answered in time: which key points the answer covered. */
  tickKeyPoints(question: Question, context: QuestionContext): Promise<number[]>;
  /** Shows the graded result and waits until the user is ready for the next question. */
  afterResult(question: Question, result: ResultRecord, context: QuestionContext): Promise<void>;
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
}

export interface SessionRun {
  results: ResultRecord[];
  completed: boolean;
}

function notReached(question: Question): ResultRecord {
  return {
    questionId: question.id,
    topic: question.topic,
    difficulty: question.difficulty,
    type: question.type,
    score: 0,
    timeSeconds: 0,
    timedOut: false,
    status: 'not-reached',
  };
}

export async function runSession(plan: SessionPlan, ui: SessionUI, now: () => number): Promise<SessionRun> {
  const results: ResultRecord[] = [];
  const total = plan.questions.length;
  try {
    for (const [index, question] of plan.questions.entries()) {
      const start = now();
      if (plan.sessionDeadline !== undefined && start >= plan.sessionDeadline) {
        results.push(...plan.questions.slice(index).map(notReached));
        break;
      }
      const limit = plan.limitFor(question, index, start);
      let deadline = limit === undefined ? undefined : start + limit * 1000;
      if (plan.sessionDeadline !== undefined) deadline = Math.min(deadline ?? Infinity, plan.sessionDeadline);
      const context: QuestionContext = {
        index,
        total,
        ...(limit !== undefined ? { limitSeconds: limit } : {}),
        ...(deadline !== undefined ? { deadline } : {}),
        ...(plan.sessionDeadline !== undefined ? { sessionDeadline: plan.sessionDeadline } : {}),
      };

      const outcome = await ui.ask(question, context);
      const timeSeconds = elapsedSeconds(start, now());
      const result: ResultRecord = {
        questionId: question.id,
        topic: question.topic,
        difficulty: question.difficulty,
        type: question.type,
        score: 0,
        timeSeconds,
        timedOut: outcome.timedOut,
        status: outcome.timedOut ? 'timed-out' : 'answered',
        ...(limit !== undefined ? { limitSeconds: limit } : {}),
      };
      await ui.reveal(question, outcome, context);
      if (question.type === 'choice') {
        result.picked = outcome.picked ?? [];
        result.score = outcome.timedOut ? 0 : gradeChoice(question, result.picked);
      } else {
        result.answer = outcome.text ?? '';
        result.keyPointsTotal = question.keyPoints.length;
        result.keyPointsCovered = outcome.timedOut ? [] : await ui.tickKeyPoints(question, context);
        result.score = outcome.timedOut ? 0 : gradeKeyPoints(question, result.keyPointsCovered);
      }
      results.push(result);
      await ui.afterResult(question, result, context);
    }
  } catch (error) {
    if (error instanceof SessionInterrupted) return { results, completed: results.length === total };
    throw error;
  }
  return { results, completed: true };
}

import { describe, expect, it } from 'vitest';
import type { Question } from '../../src/bank/types.js';
import { Rating } from 'ts-fsrs';
import { applyResults, ratingFor } from '../../src/review/cards.js';
import { computeStats } from '../../src/stats/aggregate.js';
import { sessionScore, summarizeSession } from '../../src/session/summarize.js';
import type { SessionRecord } from '../../src/session/types.js';
import { runSession, SessionInterrupted, type AskOutcome, type QuestionContext, type SessionUI } from '../../src/session/run.js';
import { choiceQuestion, question } from '../helpers/questions.js';

/** A scripted user and a fake clock: each answer says how long it takes and what it does. */
type Step = { seconds: number; text?: string; picked?: number[]; covered?: number[] } | 'interrupt';

function scriptedUI(steps: Step[], clock: { now: number }, options: { stopAfterResult?: boolean } = {}) {
  const asked: QuestionContext[] = [];
  const ui: SessionUI = {
    async ask(_q: Question, context: QuestionContext): Promise<AskOutcome> {
      asked.push(context);
      const step = steps.shift();
      if (!step || step === 'interrupt') throw new SessionInterrupted();
      const willEnd = clock.now + step.seconds * 1000;
      if (context.deadline !== undefined && willEnd >= context.deadline) {
        clock.now = context.deadline;
        return { timedOut: true, ...(step.text !== undefined ? { text: step.text } : {}) };
      }
      clock.now = willEnd;
      return { timedOut: false, ...(step.text !== undefined ? { text: step.text } : {}), ...(step.picked ? { picked: step.picked } : {}) };
    },
    async reveal() {},
    async tickKeyPoints() {
      const step = steps.shift();
      if (step === 'interrupt') throw new SessionInterrupted();
      return step?.covered ?? [];
    },
    async afterResult() {
      // An 'interrupt' waiting at the head of the script is Ctrl-C at "Press Enter for the next question".
      if (steps[0] === 'interrupt' && options.stopAfterResult) throw new SessionInterrupted();
    },
  };
  return { ui, asked };
}

describe('runSession', () => {
  it('answers, grades and times an open and a choice question, and records a timeout', async () => {
    const clock = { now: 1_000_000 };
    const questions = [question('open-1'), choiceQuestion('choice-1', [1]), question('open-2')];
    const { ui } = scriptedUI(
      [
        { seconds: 12.34, text: 'my answer' },
        { seconds: 0, covered: [0, 3] },
        { seconds: 5, picked: [1] },
        { seconds: 999, text: 'too slow' },
      ],
      clock,
    );
    const run = await runSession({ questions, limitFor: () => 60 }, ui, () => clock.now);
    expect(run.completed).toBe(true);
    expect(run.results).toEqual([
      expect.objectContaining({
        questionId: 'open-1',
        score: 0.5,
        timeSeconds: 12.3,
        timedOut: false,
        status: 'answered',
        answer: 'my answer',
        keyPointsCovered: [0, 3],
        keyPointsTotal: 4,
        limitSeconds: 60,
      }),
      expect.objectContaining({ questionId: 'choice-1', score: 1, timeSeconds: 5, picked: [1], status: 'answered' }),
      expect.objectContaining({
        questionId: 'open-2',
        score: 0,
        timeSeconds: 60,
        timedOut: true,
        status: 'timed-out',
        answer: 'too slow',
        keyPointsCovered: [],
      }),
    ]);
  });

  it('returns the finished questions, marked incomplete, when the user interrupts', async () => {
    const clock = { now: 0 };
    const { ui } = scriptedUI([{ seconds: 1, picked: [0] }, 'interrupt'], clock);
    const run = await runSession({ questions: [choiceQuestion('c1', [0]), choiceQuestion('c2', [0])], limitFor: () => undefined }, ui, () => clock.now);
    expect(run).toEqual({ completed: false, results: [expect.objectContaining({ questionId: 'c1', score: 1 })] });
  });

  it('keeps a graded answer when the user stops at the "next question" pause', async () => {
    const clock = { now: 0 };
    const { ui } = scriptedUI([{ seconds: 3, text: 'an answer' }, { seconds: 0, covered: [1] }, 'interrupt'], clock, { stopAfterResult: true });
    const run = await runSession({ questions: [question('o1'), question('o2')], limitFor: () => undefined }, ui, () => clock.now);
    expect(run.completed).toBe(false);
    expect(run.results).toEqual([expect.objectContaining({ questionId: 'o1', status: 'answered', score: 0.25, keyPointsCovered: [1] })]);
  });

  it('keeps an open answer stopped before its self-grade as ungraded, with its text', async () => {
    const clock = { now: 0 };
    const { ui } = scriptedUI([{ seconds: 1, picked: [0] }, { seconds: 4, text: 'typed it all' }, 'interrupt'], clock);
    const run = await runSession({ questions: [choiceQuestion('c1', [0]), question('o1')], limitFor: () => undefined }, ui, () => clock.now);
    expect(run.completed).toBe(false);
    expect(run.results).toEqual([
      expect.objectContaining({ questionId: 'c1', status: 'answered', score: 1 }),
      expect.objectContaining({ questionId: 'o1', status: 'ungraded', score: 0, answer: 'typed it all', keyPointsTotal: 4, timeSeconds: 4 }),
    ]);
    expect(run.results[1]!.keyPointsCovered).toBeUndefined();
  });

  it('in a mock stopped during the review, keeps the graded answers and marks the rest ungraded', async () => {
    const clock = { now: 0 };
    const steps: Step[] = [{ seconds: 10, text: 'first' }, { seconds: 10, text: 'second' }, { seconds: 0, covered: [0, 1] }, 'interrupt'];
    const { ui } = scriptedUI(steps, clock);
    const run = await runSession({ questions: [question('o1'), question('o2')], limitFor: () => 60, deferReview: true, softLimits: true }, ui, () => clock.now);
    expect(run.results.map((r) => [r.questionId, r.status, r.score])).toEqual([
      ['o1', 'answered', 0.5],
      ['o2', 'ungraded', 0],
    ]);

    // An ungraded answer counts in no score, no statistic and no review card.
    const session: SessionRecord = {
      id: 's',
      user: 'u',
      mode: 'mock',
      startedAt: new Date(0).toISOString(),
      finishedAt: new Date(0).toISOString(),
      completed: false,
      filters: {},
      score: sessionScore(run.results),
      results: run.results,
    };
    expect(session.score).toBe(0.5);
    expect(summarizeSession(session)).toMatchObject({ answered: 1, ungraded: 1, byTopic: [{ key: 'alpha', count: 1, score: 0.5 }] });
    expect(computeStats([session], {}, new Date(0))).toMatchObject({ questionsAnswered: 1, averageScore: 0.5 });
    expect(Object.keys(applyResults({}, run.results, new Date(0)).cards)).toEqual(['o1']);
  });

  it('never records more time than a timed-out question allowed, though the timeout is noticed a tick late', async () => {
    const clock = { now: 0 };
    const ui: SessionUI = {
      async ask(_q, context) {
        clock.now = context.deadline! + 180; // the countdown notices the deadline on its next tick
        return { timedOut: true, text: '' };
      },
      async reveal() {},
      async tickKeyPoints() {
        return [];
      },
      async afterResult() {},
    };
    const run = await runSession({ questions: [question('o1')], limitFor: () => 60 }, ui, () => clock.now);
    expect(run.results[0]).toMatchObject({ status: 'timed-out', timeSeconds: 60, limitSeconds: 60 });
  });

  it('passes no deadline for untimed questions', async () => {
    const clock = { now: 0 };
    const { ui, asked } = scriptedUI([{ seconds: 5000, picked: [0] }], clock);
    const run = await runSession({ questions: [choiceQuestion('c1', [0])], limitFor: () => undefined }, ui, () => clock.now);
    expect(asked[0]!.deadline).toBeUndefined();
    expect(run.results[0]).toMatchObject({ timedOut: false, timeSeconds: 5000 });
  });

  it('caps each question at the session deadline and records the rest as not reached', async () => {
    const clock = { now: 0 };
    const questions = [choiceQuestion('c1', [0]), choiceQuestion('c2', [0]), choiceQuestion('c3', [0]), choiceQuestion('c4', [0])];
    const { ui, asked } = scriptedUI(
      [
        { seconds: 40, picked: [0] },
        { seconds: 100, picked: [0] },
      ],
      clock,
    );
    const run = await runSession({ questions, limitFor: () => 50, sessionDeadline: 60_000 }, ui, () => clock.now);
    expect(asked.map((c) => c.deadline)).toEqual([50_000, 60_000]);
    expect(run.results.map((r) => [r.questionId, r.status, r.timeSeconds])).toEqual([
      ['c1', 'answered', 40],
      ['c2', 'timed-out', 20],
      ['c3', 'not-reached', 0],
      ['c4', 'not-reached', 0],
    ]);
    expect(run.completed).toBe(true);
  });
});

describe('runSession with grading aids', () => {
  it("suggests key points from the answer before the user ticks, records the suggestion, and keeps the user's ticks as the grade", async () => {
    const clock = { now: 0 };
    const seen: Array<{ answer: string; suggested: number[] }> = [];
    const ui: SessionUI = {
      async ask() {
        clock.now += 5000;
        return { timedOut: false, text: 'my answer', hintsUsed: 1 };
      },
      async reveal() {},
      async tickKeyPoints(_q, context, answer) {
        seen.push({ answer, suggested: (context.suggestions ?? []).filter((s) => s.covered).map((s) => s.index) });
        return [0, 1];
      },
      async afterResult() {},
    };
    const suggest = (q: Question) => ({
      suggestions: q.keyPoints.map((text, index) => ({ index, text, covered: index === 1 || index === 2, confidence: 0.5 })),
    });
    const run = await runSession({ questions: [question('open-1')], limitFor: () => undefined, suggest }, ui, () => clock.now);
    expect(seen).toEqual([{ answer: 'my answer', suggested: [1, 2] }]);
    expect(run.results[0]).toMatchObject({ keyPointsSuggested: [1, 2], keyPointsCovered: [0, 1], score: 0.5, hintsUsed: 1 });
  });

  it('gives the UI the order to show the options in and the last result, also when the review is deferred', async () => {
    const clock = { now: 0 };
    const asked: QuestionContext[] = [];
    const revealed: QuestionContext[] = [];
    const ui: SessionUI = {
      async ask(_q, context) {
        asked.push(context);
        clock.now += 1000;
        return { timedOut: false, picked: [2] };
      },
      async reveal(_q, _o, context) {
        revealed.push(context);
      },
      async tickKeyPoints() {
        return [];
      },
      async afterResult() {},
    };
    const last = {
      questionId: 'c1',
      topic: 'alpha',
      difficulty: 'beginner' as const,
      type: 'choice' as const,
      score: 0,
      timeSeconds: 3,
      timedOut: false,
      status: 'answered' as const,
      picked: [0],
    };
    const plan = {
      questions: [choiceQuestion('c1', [2])],
      limitFor: () => 60,
      deferReview: true,
      choiceOrder: () => [2, 0, 1, 3],
      lastTime: (id: string) => (id === 'c1' ? last : undefined),
    };
    const run = await runSession(plan, ui, () => clock.now);
    expect(asked[0]).toMatchObject({ choiceOrder: [2, 0, 1, 3], lastTime: last });
    expect(revealed[0]).toMatchObject({ reviewing: true, choiceOrder: [2, 0, 1, 3], lastTime: last });
    // Picks come back as the question's own indices, whatever order they were shown in.
    expect(run.results[0]).toMatchObject({ picked: [2], score: 1 });
  });
});

describe('"last time" while the history is still being read', () => {
  it('asks the question at once and shows the last result with the answer, once the history is read', async () => {
    const clock = { now: 1_000_000 };
    const events: string[] = [];
    const last = {
      questionId: 'o1',
      topic: 'alpha',
      difficulty: 'beginner' as const,
      type: 'open' as const,
      score: 0.5,
      timeSeconds: 3,
      timedOut: false,
      status: 'answered' as const,
      answer: 'then',
    };
    let finishReading!: () => void;
    const history = new Promise<void>((resolve) => (finishReading = resolve));
    const revealed: QuestionContext[] = [];
    const ui: SessionUI = {
      async ask(_q, context) {
        events.push(`ask, last time ${context.lastTime ? 'known' : 'not known yet'}`);
        // The history is read while the question is on screen.
        finishReading();
        return { timedOut: false, text: 'an answer' };
      },
      async reveal(_q, _o, context) {
        revealed.push(context);
      },
      async tickKeyPoints() {
        return [];
      },
      async afterResult() {},
    };
    const plan = {
      questions: [question('o1'), question('o2')],
      limitFor: () => 60,
      lastTime: (id: string) => history.then(() => (id === 'o1' ? last : undefined)),
    };
    await runSession(plan, ui, () => clock.now);
    expect(events).toEqual(['ask, last time not known yet', 'ask, last time not known yet']);
    expect(revealed[0]!.lastTime).toEqual(last);
    expect(revealed[1]!.lastTime).toBeUndefined();
  });
});

describe('the review schedule after a hint', () => {
  it('rates a hinted answer at best Hard', () => {
    expect(ratingFor({ score: 1, timedOut: false, type: 'open' })).toBe(Rating.Easy);
    expect(ratingFor({ score: 1, timedOut: false, type: 'open', hintsUsed: 1 })).toBe(Rating.Hard);
    expect(ratingFor({ score: 0.2, timedOut: false, type: 'open', hintsUsed: 2 })).toBe(Rating.Again);
  });
});

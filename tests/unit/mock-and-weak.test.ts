import { describe, expect, it } from 'vitest';
import { budgetShare, DEFAULT_MIX, parseMix, pickMockQuestions } from '../../src/mock/plan.js';
import { Chalk } from 'chalk';
import { formatMockFeedback } from '../../src/format/mock-feedback.js';
import { missedKeyPoints, studyNext } from '../../src/mock/feedback.js';
import { runSession, type SessionUI } from '../../src/session/run.js';
import type { ResultRecord, SessionRecord } from '../../src/session/types.js';
import { weakOrder } from '../../src/session/weak.js';
import { choiceQuestion, question } from '../helpers/questions.js';

const topics = ['system-design', 'coding', 'mlops', 'serving', 'monitoring', 'ml-fundamentals', 'career'];

describe('mock interview mix', () => {
  it('parses the default mix', () => {
    expect(parseMix(DEFAULT_MIX, topics)).toEqual([
      { topics: ['system-design'], tag: 'case-study', count: 1 },
      { topics: ['coding'], tag: 'runnable', count: 1 },
      { topics: ['mlops', 'serving', 'monitoring'], count: 3 },
      { topics: ['ml-fundamentals'], count: 1 },
      { topics: ['career'], count: 1 },
    ]);
  });

  it('rejects malformed parts and unknown topics with a usable message', () => {
    expect(() => parseMix('mlops', topics)).toThrow(/"mlops" is not topic\[\|topic\.\.\.\]\[#tag\]:count/);
    expect(() => parseMix('mlop:2', topics)).toThrow(/unknown topic "mlop"/);
    expect(() => parseMix('mlops:0', topics)).toThrow(/from 1 to 20/);
  });

  it('counts a topic named twice in one part once, so no question can be asked twice', () => {
    expect(parseMix('mlops|mlops:2', topics)).toEqual([{ topics: ['mlops'], count: 2 }]);
  });

  it('picks per slot: tagged questions first, open before choice, spread across topics, no repeats', () => {
    const bank = [
      question('sd-case', { topic: 'system-design', tags: ['case-study'] }),
      question('sd-drill', { topic: 'system-design' }),
      question('m1', { topic: 'mlops' }),
      choiceQuestion('m2', [0], 3, { topic: 'mlops' }),
      question('s1', { topic: 'serving' }),
      question('mo1', { topic: 'monitoring' }),
      question('mo2', { topic: 'monitoring' }),
    ];
    for (let seed = 0; seed < 20; seed++) {
      const picked = pickMockQuestions(bank, parseMix('system-design#case-study:1,mlops|serving|monitoring:3', topics), seed);
      expect(picked[0]!.id).toBe('sd-case');
      expect(picked.slice(1).map((q) => q.topic)).toEqual(['mlops', 'serving', 'monitoring']);
      expect(picked[1]!.id).toBe('m1');
      expect(new Set(picked.map((q) => q.id)).size).toBe(picked.length);
    }
  });

  it('takes what there is when a slot asks for more than the bank has', () => {
    expect(pickMockQuestions([question('c1', { topic: 'career' })], parseMix('career:3', topics), 1).map((q) => q.id)).toEqual(['c1']);
  });
});

describe('budgetShare', () => {
  it('gives each question its share of the time left by weight', () => {
    expect(budgetShare([2400, 300, 300, 120], 0, 2700)).toBe(2076); // 2700 x 2400 / 3120 = 2076.9
    expect(budgetShare([2400, 300, 300, 120], 1, 600)).toBe(250);
    expect(budgetShare([2400, 300, 300, 120], 3, 100)).toBe(100);
  });
  it('hands the overrun of one question to the next ones, and gives nothing once time is gone', () => {
    expect(budgetShare([100, 100], 1, 30)).toBe(30);
    expect(budgetShare([100, 100], 1, 0)).toBe(0);
    expect(budgetShare([100, 100], 1, -5)).toBe(0);
  });
});

describe('a mock session (scripted user, fake clock)', () => {
  it('paces by budgets, closes the current question when the interview ends, and marks the rest not reached', async () => {
    let now = 0;
    const plan = {
      questions: [question('q1'), question('q2'), question('q3')],
      sessionDeadline: 100_000,
      softLimits: true,
      deferReview: true,
      limitFor: () => 30,
    };
    const order: string[] = [];
    const ui: SessionUI = {
      async ask(q, ctx) {
        order.push(`ask ${q.id} deadline=${ctx.deadline} budgetEnd=${ctx.budgetEnd}`);
        if (q.id === 'q1') {
          now += 10_000;
          return { timedOut: false, text: 'quick' };
        }
        now = ctx.deadline!; // overruns its 30 s budget until the interview clock stops it
        return { timedOut: true, text: 'long' };
      },
      async beforeReview() {
        order.push('review starts');
      },
      async reveal(q) {
        order.push(`reveal ${q.id}`);
      },
      async tickKeyPoints() {
        return [0, 1];
      },
      async afterResult() {},
    };
    const run = await runSession(plan, ui, () => now);
    expect(order).toEqual(['ask q1 deadline=100000 budgetEnd=30000', 'ask q2 deadline=100000 budgetEnd=40000', 'review starts', 'reveal q1', 'reveal q2']);
    expect(run.results.map((r) => [r.questionId, r.status, r.timeSeconds, r.score])).toEqual([
      ['q1', 'answered', 10, 0.5],
      ['q2', 'timed-out', 90, 0],
      ['q3', 'not-reached', 0, 0],
    ]);
  });
});

describe('mock feedback', () => {
  const q = (id: string, topic: string) => question(id, { topic, keyPoints: [`${id} point A`, `${id} point B`] });
  const questions = new Map([
    ['s1', q('s1', 'serving')],
    ['s2', q('s2', 'serving')],
    ['m1', q('m1', 'monitoring')],
    ['c1', q('c1', 'career')],
  ]);
  const result = (id: string, topic: string, extra: Partial<ResultRecord>): ResultRecord => ({
    questionId: id,
    topic,
    difficulty: 'beginner',
    type: 'open',
    score: 0,
    timeSeconds: 10,
    timedOut: false,
    status: 'answered',
    keyPointsTotal: 2,
    ...extra,
  });

  it('counts unticked points and all points of a timeout, but nothing for a question not reached or not graded', () => {
    expect(missedKeyPoints(result('s1', 'serving', { keyPointsCovered: [1], score: 0.5 }), questions.get('s1'))).toEqual(['s1 point A']);
    expect(missedKeyPoints(result('m1', 'monitoring', { status: 'timed-out', timedOut: true }), questions.get('m1'))).toEqual(['m1 point A', 'm1 point B']);
    expect(missedKeyPoints(result('c1', 'career', { status: 'not-reached' }), questions.get('c1'))).toEqual([]);
    expect(missedKeyPoints(result('c1', 'career', { status: 'ungraded' }), questions.get('c1'))).toEqual([]);
  });

  it('does not say "nothing missed" when some answers were never graded', () => {
    const session: SessionRecord = {
      id: 's',
      user: 'u',
      mode: 'mock',
      startedAt: '2026-11-27T09:00:00.000Z',
      finishedAt: '2026-11-27T09:30:00.000Z',
      completed: false,
      filters: {},
      score: 1,
      results: [
        result('s1', 'serving', { keyPointsCovered: [0, 1], score: 1 }),
        result('m1', 'monitoring', { status: 'ungraded' }),
        result('c1', 'career', { status: 'not-reached' }),
      ],
    };
    const text = formatMockFeedback(session, questions, { color: new Chalk({ level: 0 }), width: 100 });
    expect(text).toContain('2. m1 (monitoring) · answered in 0:10 · not graded');
    expect(text).toContain('3. c1 (career) · not reached');
    expect(text).toContain('Nothing missed among the answers you graded.');
    expect(text).not.toContain('career: mle-prep quiz');
  });

  it('names the two topics with the most missed key points among the answers given', () => {
    const results = [
      result('s1', 'serving', { keyPointsCovered: [1] }),
      result('s2', 'serving', { keyPointsCovered: [] }),
      result('m1', 'monitoring', { keyPointsCovered: [0] }),
      result('c1', 'career', { status: 'not-reached' }),
    ];
    expect(studyNext(results, questions)).toEqual([
      { topic: 'serving', missed: ['s1 point A', 's2 point A', 's2 point B'] },
      { topic: 'monitoring', missed: ['m1 point B'] },
    ]);
  });

  const mockOf = (extra: Partial<SessionRecord>): SessionRecord => ({
    id: 's',
    user: 'u',
    mode: 'mock',
    startedAt: '2026-11-27T09:00:00.000Z',
    finishedAt: '2026-11-27T09:30:00.000Z',
    completed: true,
    filters: {},
    score: 0,
    results: [result('s1', 'serving', { keyPointsCovered: [1] })],
    ...extra,
  });
  const plainView = { color: new Chalk({ level: 0 }), width: 40 };

  it('wraps a long key point under its own first word', () => {
    const long = new Map([['s1', question('s1', { topic: 'serving', keyPoints: ['a key point long enough to wrap onto a second line here', 'b'] })]]);
    const lines = formatMockFeedback(mockOf({}), long, plainView).split('\n');
    const first = lines.findIndex((l) => l.includes('a key point'));
    expect(lines[first]!.indexOf('a key point')).toBe(14);
    expect(lines[first + 1]).toMatch(/^ {14}\S/);
  });

  it('gives the advice saved with the session, and carries --user into the commands it suggests', () => {
    const saved = mockOf({ studyNext: [{ topic: 'monitoring', missed: ['saved point'] }] });
    const text = formatMockFeedback(saved, questions, { ...plainView, width: 100, userFlag: 'ada' });
    expect(text).toContain('\n  1. monitoring: mle-prep quiz --topic monitoring --user ada\n');
    expect(text).toContain('- saved point');
    expect(text).not.toContain('serving: mle-prep quiz');
  });
});

describe('weakOrder', () => {
  const session = (results: Array<[string, string, number]>): SessionRecord => ({
    id: 'x',
    user: 'u',
    mode: 'quiz',
    startedAt: '2026-11-01T00:00:00Z',
    finishedAt: '2026-11-01T00:10:00Z',
    completed: true,
    filters: {},
    score: 0,
    results: results.map(([questionId, topic, score]) => ({
      questionId,
      topic,
      difficulty: 'beginner',
      type: 'open',
      score,
      timeSeconds: 5,
      timedOut: false,
      status: 'answered',
    })),
  });
  const bank = [
    question('a1', { topic: 'a' }),
    question('a2', { topic: 'a' }),
    question('b1', { topic: 'b' }),
    question('b2', { topic: 'b' }),
    question('c1', { topic: 'c' }),
  ];
  const history = [
    session([
      ['b1', 'b', 0],
      ['a1', 'a', 1],
      ['a2', 'a', 0.9],
    ]),
    session([
      ['b1', 'b', 0.25],
      ['a1', 'a', 0.3],
      ['b2', 'b', 0.7],
    ]),
  ];

  it('puts the most-missed questions first, then the weakest topics, then topics never practised', () => {
    expect(weakOrder(bank, history, 1).map((q) => q.id)).toEqual(['b1', 'a1', 'b2', 'a2', 'c1']);
  });
});

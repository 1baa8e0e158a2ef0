import type { SessionRecord } from '../../src/session/types.js';

/** A plausible stored session with `results` answers, for store and stats tests. */
export function fakeSession(id: string, startedAt: string, results = 10, scoreOf: (i: number) => number = (i) => (i % 4) / 3): SessionRecord {
  const topics = ['mlops', 'serving', 'monitoring', 'ml-fundamentals'];
  const levels = ['beginner', 'intermediate', 'advanced'] as const;
  return {
    id,
    user: 'tester',
    mode: 'quiz',
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + 600_000).toISOString(),
    completed: true,
    filters: { count: results, seed: 1 },
    score: 0.5,
    results: Array.from({ length: results }, (_, i) => ({
      questionId: `${topics[i % 4]}-question-${i}`,
      topic: topics[i % 4]!,
      difficulty: levels[i % 3]!,
      type: 'open' as const,
      score: Math.min(1, scoreOf(i)),
      timeSeconds: 30 + i,
      timedOut: false,
      status: 'answered' as const,
      answer: `answer ${i}, with "quotes", commas and\na newline`,
      keyPointsCovered: [0],
      keyPointsTotal: 3,
    })),
  };
}

export function exportFile(sessions: SessionRecord[]): string {
  return JSON.stringify({ schemaVersion: 1, generatedAt: '2026-11-27T00:00:00.000Z', user: 'tester', sessions });
}

/** `label` followed by escape sequences a terminal would act on: a title change, a screen clear, a clipboard write. */
export const withEscapes = (label: string) => `${label}\u001b]0;pwned\u0007\u001b[2J\u001b]52;c;ZXZpbA==\u0007\u009b2J`;

/** A stored session (as an import would bring it) whose every text field carries escape sequences. */
export function sessionWithEscapes(): SessionRecord {
  const session = fakeSession(withEscapes('s1'), '2026-11-10T08:00:00.000Z', 2);
  session.mode = withEscapes('quiz') as typeof session.mode;
  session.results[0] = {
    ...session.results[0]!,
    questionId: withEscapes('q'),
    topic: withEscapes('topic'),
    difficulty: withEscapes('beginner') as 'beginner',
    answer: withEscapes('answer'),
  };
  return session;
}

import type { Question } from '../../src/bank/types.js';

/** A Question value for pure-core tests. */
export function question(id: string, overrides: Partial<Question> = {}): Question {
  return {
    id,
    topic: 'alpha',
    difficulty: 'beginner',
    type: 'open',
    tags: [],
    keyPoints: ['one', 'two', 'three', 'four'],
    keyPointAliases: [[], [], [], []],
    choices: [],
    shuffle: true,
    followUps: [],
    hints: [],
    prompt: `Prompt of ${id}`,
    answer: `Answer of ${id}`,
    source: { file: `${id}.md`, line: 2, column: 1 },
    ...overrides,
  };
}

export function choiceQuestion(id: string, correct: number[], count = 4, overrides: Partial<Question> = {}): Question {
  return question(id, {
    type: 'choice',
    keyPoints: [],
    choices: Array.from({ length: count }, (_, i) => ({ text: `Option ${i}`, correct: correct.includes(i) })),
    ...overrides,
  });
}

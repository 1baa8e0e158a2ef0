// A tiny, valid question bank for tests that must not depend on the bundled content.
import { tempDir, writeTree } from './temp.js';

export const LONG_ANSWER =
  'A model answer long enough to pass the length check: it states the idea directly, explains why it works, ' +
  'names the trade-offs and when not to use it, gives a concrete number such as a PSI above 0.2 meaning a real ' +
  'shift, and closes with the mistake candidates most often make, which is quoting a threshold without saying ' +
  'what it protects against or how it was chosen.';

export function openQuestion(id: string, extra: Record<string, unknown> = {}): string {
  const fields = {
    topic: 'alpha',
    difficulty: 'beginner',
    tags: ['test'],
    key_points: ['States the idea directly and explains why it works', 'Names the trade-offs and when not to use it', 'Gives a PSI above 0.2 as a real shift'],
    ...extra,
  };
  const yaml = Object.entries(fields)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return `---\nid: ${id}\n${yaml}\n---\nOpen question ${id}: explain it.\n\n## Answer\n${LONG_ANSWER}\n`;
}

export const TINY_TOPICS = `topics:
  - id: alpha
    title: Alpha
    description: The first test topic.
  - id: beta
    title: Beta
    description: The second test topic.
`;

export const CHOICE_FILE = `questions:
  - id: beta-choice-one
    topic: beta
    difficulty: intermediate
    type: choice
    tags: [test]
    # Kept in the file's order so scripted terminals can pick by letter; shuffling has its own tests.
    shuffle: false
    prompt: Which option is right?
    choices:
      - text: The wrong one
        explanation: Wrong because it is the decoy.
      - text: The right one
        correct: true
        explanation: Right by construction.
      - text: Another wrong one
        explanation: Also a decoy.
    answer: |
      ${LONG_ANSWER}
`;

/** alpha: two open questions (one advanced); beta: one choice question. */
export function tinyBank(): string {
  return writeTree(tempDir('mle-prep-bank-'), {
    'topics.yaml': TINY_TOPICS,
    'alpha/first.md': openQuestion('alpha-first'),
    'alpha/second.md': openQuestion('alpha-second', { difficulty: 'advanced', time: 30 }),
    'beta/drills.yaml': CHOICE_FILE,
  });
}

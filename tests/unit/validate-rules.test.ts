// One broken file per rule: each must produce exactly the finding listed, at the exact line and column.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkBank } from '../../src/bank-files/bank.js';
import { tempDir, writeTree } from '../helpers/temp.js';
import { LONG_ANSWER, openQuestion, TINY_TOPICS } from '../helpers/bank.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/invalid/', import.meta.url));

type Expected = [rule: string, line: number, column: number, severity?: 'error' | 'warning', message?: RegExp];

function findingsFor(path: string) {
  return checkBank([join(FIXTURES, path)]).findings.map((f) => [f.rule, f.line, f.column, f.severity, f.message] as const);
}

function expectFindings(path: string, expected: Expected[]) {
  const actual = findingsFor(path);
  expect(actual.map(([rule, line, column, severity]) => [rule, line, column, severity])).toEqual(
    expected.map(([rule, line, column, severity = 'error']) => [rule, line, column, severity]),
  );
  expected.forEach(([, , , , message], i) => {
    if (message) expect(actual[i]![4]).toMatch(message);
  });
}

describe('validate: one fixture per rule', () => {
  const cases: Array<[string, Expected[]]> = [
    ['empty-file.md', [['empty-file', 1, 1]]],
    ['encoding-nul.md', [['encoding', 4, 5, 'error', /NUL byte/]]],
    ['encoding-latin1.md', [['encoding', 4, 19, 'error', /not valid UTF-8/]]],
    ['front-matter-missing.md', [['front-matter-missing', 1, 1]]],
    ['front-matter-unclosed.md', [['front-matter-unclosed', 1, 1]]],
    ['front-matter-close-text.md', [['front-matter-unclosed', 9, 4, 'error', /must be "---" alone \(found "---x"\)/]]],
    // Trailing spaces are fine, and positions after them stay right.
    ['front-matter-close-spaces.md', [['prompt-empty', 10, 1]]],
    ['front-matter-js.md', [['front-matter-language', 1, 4, 'error', /"js" is not allowed/]]],
    ['front-matter-javascript.md', [['front-matter-language', 1, 4, 'error', /"javascript" is not allowed/]]],
    ['yaml-syntax.yaml', [['yaml-syntax', 4, 5, 'error', /^YAML: Flow sequence/]]],
    ['file-structure.yaml', [['file-structure', 1, 1, 'error', /"questions:" list/]]],
    ['no-answer.md', [['answer-missing', 10, 1]]],
    ['empty-answer.md', [['answer-empty', 12, 1]]],
    ['empty-prompt.md', [['prompt-empty', 10, 1]]],
    ['missing-topic.md', [['required-field', 2, 1, 'error', /missing required field "topic"/]]],
    ['unknown-field.md', [['unknown-field', 6, 1, 'error', /unknown field "dificulty" \(did you mean "difficulty"\?\)/]]],
    ['invalid-value.yaml', [['invalid-value', 4, 17, 'error', /one of beginner, intermediate, advanced \(got "expert"\)/]]],
    ['bad-id.md', [['id-format', 2, 5, 'error', /id "Bad_Id" must be lowercase/]]],
    ['time-range.md', [['time-range', 6, 7, 'error', /from 10 to 7200 \(got 99999\)/]]],
    ['tags-type.md', [['field-type', 5, 7, 'error', /tags must be a list/]]],
    ['unknown-topic.md', [['topic-unknown', 3, 8, 'error', /did you mean "mlops"/]]],
    ['key-points-count.md', [['key-points-count', 6, 1, 'error', /2 to 8 key_points/]]],
    ['key-point-empty.md', [['key-point-empty', 8, 5]]],
    ['prompt-long.md', [['prompt-long', 8, 1, 'warning']]],
    [
      'choices.yaml',
      [
        ['choice-no-correct', 8, 5],
        ['choice-duplicate', 26, 15, 'error', /choices\[2\] repeats the text of choices\[1\]/],
        ['choice-correct-duplicate', 39, 15],
        ['choices-count', 48, 5],
        ['choices-on-open', 59, 5],
        ['choice-empty', 72, 15],
        ['field-empty', 79, 13, 'error', /prompt must not be empty/],
      ],
    ],
    [
      'warnings.yaml',
      [
        ['answer-short', 8, 13, 'warning', /has 2 words/],
        ['tags-missing', 9, 5, 'warning'],
        ['key-point-repeated', 20, 29, 'warning'],
        ['choice-explanation', 29, 9, 'warning'],
      ],
    ],
    [
      'duplicate',
      [
        ['duplicate-id', 2, 5, 'error', /also used at .*second\.md:2:5/],
        ['duplicate-id', 2, 5, 'error', /already used at .*first\.md:2:5/],
      ],
    ],
    [
      'bad-topics',
      [
        ['topics-file', 2, 5, 'error', /topics\[0\] is missing required field "description"/],
        ['topics-file', 2, 9, 'error', /topic id "Bad Topic" must be lowercase/],
        ['topics-file', 4, 5, 'error', /topics\[1\] has unknown field "colour"/],
      ],
    ],
  ];
  it.each(cases)('%s', (path, expected) => expectFindings(path, expected));

  it('keeps every question with only warnings, and drops every question with an error', () => {
    const bank = checkBank([join(FIXTURES, 'warnings.yaml')]);
    expect(bank.questions.map((q) => q.id)).toEqual(['answer-short', 'tags-missing', 'key-point-repeated', 'choice-explanation']);
    expect(checkBank([join(FIXTURES, 'choices.yaml')]).questions).toEqual([]);
  });
});

describe('validate: a short model answer', () => {
  it('is one under 60 words, counting only chunks with a letter or digit', () => {
    const bank = (answer: string) =>
      writeTree(tempDir(), {
        'topics.yaml': TINY_TOPICS,
        'q.md': `---\nid: alpha-q\ntopic: alpha\ndifficulty: beginner\ntags: [t]\nkey_points: [Says it]\n---\nWhy?\n\n## Answer\n${answer}\n`,
      });
    const shortAnswer = (answer: string) =>
      checkBank([bank(answer)])
        .findings.filter((f) => f.rule === 'answer-short')
        .map((f) => f.message);
    const wordsOf = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
    expect(shortAnswer(wordsOf(59))).toEqual(['the model answer has 59 words; a useful one has at least 60']);
    expect(shortAnswer(`${wordsOf(59)} - -- * —`)).toEqual(['the model answer has 59 words; a useful one has at least 60']);
    expect(shortAnswer(wordsOf(60))).toEqual([]);
    expect(shortAnswer(`${wordsOf(30)}\n\n  ${wordsOf(30)}`)).toEqual([]);
  });
});

describe('validate: the file system', () => {
  it('reports a symlink loop as a warning and still checks the rest', () => {
    const root = writeTree(tempDir(), { 'topics.yaml': TINY_TOPICS, 'a/q.md': openQuestion('alpha-q') });
    symlinkSync('..', join(root, 'a', 'loop'));
    const bank = checkBank([root]);
    expect(bank.findings.map((f) => [f.rule, f.severity])).toEqual([['symlink-loop', 'warning']]);
    expect(bank.questions).toHaveLength(1);
  });

  it('reports a question file that cannot be read instead of crashing', () => {
    const root = writeTree(tempDir(), { 'topics.yaml': TINY_TOPICS });
    symlinkSync(join(root, 'missing-target.md'), join(root, 'dangling.md'));
    const bank = checkBank([root]);
    expect(bank.findings.map((f) => [f.rule, f.file.endsWith('dangling.md')])).toEqual([['file-unreadable', true]]);
  });

  it('skips topics.yaml, hidden folders, node_modules, .mle-prepignore and --ignore matches', () => {
    const root = writeTree(tempDir(), {
      'topics.yaml': TINY_TOPICS,
      'kept.md': openQuestion('alpha-kept'),
      'drafts/wip.md': 'not even front matter',
      '.git/x.md': 'ignored',
      'node_modules/pkg/readme.md': 'ignored',
      'notes/todo.md': 'ignored by --ignore',
      '.mle-prepignore': '# drafts are not ready\ndrafts/\n',
    });
    const bank = checkBank([root], { ignore: ['notes/**'] });
    expect(bank.findings).toEqual([]);
    expect(bank.questions.map((q) => q.id)).toEqual(['alpha-kept']);
    expect(bank.fileCount).toBe(1);
  });

  it('accepts topics from the nearest topics.yaml above a single file', () => {
    const root = writeTree(tempDir(), { 'topics.yaml': TINY_TOPICS, 'deep/er/q.md': openQuestion('alpha-deep') });
    expect(checkBank([join(root, 'deep/er/q.md')], { bundledTopics: false }).findings).toEqual([]);
  });

  it('walks folders recursively and checks Markdown and YAML together', () => {
    const root = tempDir();
    mkdirSync(join(root, 'x/y/z'), { recursive: true });
    writeTree(root, {
      'topics.yaml': TINY_TOPICS,
      'x/y/z/deep.md': openQuestion('alpha-deep'),
      'x/list.yml': `questions:\n  - id: alpha-yaml\n    topic: alpha\n    difficulty: beginner\n    tags: [t]\n    prompt: Why?\n    key_points: [a, b]\n    answer: |\n      ${LONG_ANSWER}\n`,
    });
    const bank = checkBank([root]);
    expect(bank.findings).toEqual([]);
    expect(bank.questions.map((q) => q.id).sort()).toEqual(['alpha-deep', 'alpha-yaml']);
  });
});

describe('validate: repeated choices', () => {
  const withChoices = (choices: string) =>
    `questions:\n  - id: alpha-pick\n    topic: alpha\n    difficulty: beginner\n    type: choice\n    tags: [t]\n    prompt: Pick.\n    choices:\n${choices}    answer: |\n      ${LONG_ANSWER}\n`;

  it.each([
    [
      'both copies correct',
      '      - text: Same\n        correct: true\n        explanation: x\n      - text: Same\n        correct: true\n        explanation: y\n',
      /both are marked correct: a user cannot tell the two copies apart/,
    ],
    [
      'one copy correct',
      '      - text: Same\n        correct: true\n        explanation: x\n      - text: Same\n        explanation: y\n',
      /only one of them is marked correct: the grade would depend on which copy is picked/,
    ],
  ])('says which copies are marked correct when %s', (_, choices, message) => {
    const root = writeTree(tempDir(), { 'topics.yaml': TINY_TOPICS, 'q.yaml': withChoices(choices) });
    const found = checkBank([root]).findings.filter((f) => f.rule === 'choice-correct-duplicate');
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(message)]);
  });
});

describe('validate: key points an answer must support', () => {
  it('warns, at the key point, when its own model answer gives it no support, and accepts an alias that does', () => {
    const question = (keyPoints: string) =>
      `---\nid: alpha-rubric\ntopic: alpha\ndifficulty: beginner\ntags: [t]\nkey_points:\n${keyPoints}---\nWhy?\n\n## Answer\n${LONG_ANSWER}\n`;
    const supported = '  - Gives a PSI above 0.2 as a real shift\n  - Names the trade-offs and when not to use it\n';
    const root = writeTree(tempDir(), { 'topics.yaml': TINY_TOPICS, 'q.md': question(`${supported}  - Quantises embeddings to int8 for memory\n`) });
    const found = checkBank([root], { rubrics: true }).findings;
    expect(found.map((f) => [f.rule, f.line, f.column, f.severity])).toEqual([['key-point-unsupported', 9, 5, 'warning']]);
    expect(found[0]!.message).toBe("key_points[2] is not supported by the model answer (its words barely appear there); use the answer's terms or add aliases");
    // Loading a bank to practise does not pay for the check.
    expect(checkBank([root]).findings).toEqual([]);
    const aliased = writeTree(tempDir(), {
      'topics.yaml': TINY_TOPICS,
      'q.md': question(`${supported}  - text: Quantises embeddings to int8 for memory\n    aliases: [quotes a threshold and says what it protects against]\n`),
    });
    expect(checkBank([aliased], { rubrics: true }).findings).toEqual([]);
  });
});

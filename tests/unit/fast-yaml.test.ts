// Question files read with js-yaml where it reads them exactly as `yaml` does (src/bank/fast-yaml.ts): the same data,
// the same question starts, and the same positions once a finding asks for one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { bundledBankDir } from '../../src/bank-files/bundled.js';
import { validateBank } from '../../src/bank-files/bank.js';
import { checkQuestion } from '../../src/bank/check.js';
import { plainYaml } from '../../src/bank/fast-yaml.js';
import { parseQuestionFile } from '../../src/bank/parse.js';
import { LONG_ANSWER, openQuestion } from '../helpers/bank.js';
import { tempDir, writeTree } from '../helpers/temp.js';

describe('plain YAML', () => {
  it('is read as `yaml` reads it, or left to `yaml`, for any data written in any style', () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '~',
        'null',
        'Null',
        'true',
        'False',
        'yes',
        'no',
        'on',
        '0o17',
        '017',
        '0x1F',
        '0b101',
        '1_000',
        '+12',
        '-0',
        '.5',
        '1.',
        '1e3',
        '-.inf',
        '.NaN',
        '1:2',
        '- x',
        '# no',
        '*x',
        '&a b',
        '!tag x',
        '@x',
        '`x`',
        '"q"',
        "'q'",
        '| x',
        '> x',
        'a: b',
      ),
    );
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(text, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null)),
      node: fc.oneof(
        { depthSize: 'small' },
        tie('leaf'),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.oneof(text, fc.constantFrom('id', 'key_points')), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    const options = fc.record({
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
      collectionStyle: fc.constantFrom('any', 'block', 'flow'),
      lineWidth: fc.constantFrom(20, 80),
    });
    const document = fc.oneof(value, fc.dictionary(fc.oneof(text, fc.constantFrom('id', 'key_points')), value, { maxKeys: 6 }));
    fc.assert(
      fc.property(document, options, (data, style) => {
        const source = stringify(data, style as never);
        const plain = plainYaml(source);
        if (plain) {
          const doc = parseDocument(source, { strict: true, uniqueKeys: true });
          expect({ errors: doc.errors.length, warnings: doc.warnings.length, data: plain.data }).toEqual({ errors: 0, warnings: 0, data: doc.toJS() });
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves anchors, aliases, tags, directives, complex keys, empty keys, indentation indicators and top nodes other than a mapping to `yaml`', () => {
    for (const source of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      '%YAML 1.2\n---\na: 1\n',
      '? [a, b]\n: c\n',
      '{[a]: 1}\n',
      '~: 1\n',
      'a:\n  - [1,\n  2\n  ]\n',
      'a: 1\n---\nb: 2\n',
      'a: |2-\n   x\n',
      '- a\n',
      'just text\n',
      // Later lines of a quoted scalar or flow collection not indented enough, or by a tab: errors in `yaml`.
      'questions:\n  - id: x\n    prompt: "A long\n    text"\n',
      "questions:\n  - id: x\n    prompt: 'A long\n    text'\n",
      'questions:\n  - key_points: [a,\n    b]\n',
      'questions:\n  - key_points: {a: 1,\n    b: 2}\n',
      'a: "x\n\ty"\n',
      'a: [1,\n\t2]\n',
      'a: "x\n#y"\n',
      // A comment stuck to a value, an escaped line break, a key over 1024 characters.
      'prompt: "x"# c\n',
      'key_points: [a]# c\n',
      'a: "x\\\n\n  y"\n',
      `${'k'.repeat(1030)}: 1\n`,
    ]) {
      expect({ source, plain: plainYaml(source) }).toEqual({ source, plain: undefined });
    }
    // Well indented, they stay on the fast path.
    for (const source of [
      'a: "x\n  y"\n',
      "questions:\n  - id: x\n    prompt: 'A long\n      text'\n",
      'a: [1,\n  2]\n',
      "a: 'say ''x''' # c\n",
      'a: don\'t "quote"\n',
    ]) {
      const doc = parseDocument(source, { strict: true, uniqueKeys: true });
      expect({ source, errors: doc.errors.length, plain: plainYaml(source) }).toEqual({ source, errors: 0, plain: { data: doc.toJS() } });
    }
    // Markdown or code inside a block string does not count.
    expect(plainYaml('answer: |\n  **bold** and *x\n  - [a]: b\nid: q\n')).toEqual({ data: { answer: '**bold** and *x\n- [a]: b\n', id: 'q' } });
  });
});

describe('question files read without positions', () => {
  const dir = bundledBankDir();
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(md|ya?ml)$/.test(f) && !f.endsWith('topics.yaml'))
    .map((f) => join(dir, f));

  it('give every bundled question the same data, start, positions and checked question as reading them with `yaml`', () => {
    let plain = 0;
    for (const file of files) {
      const bytes = readFileSync(file);
      const fast = parseQuestionFile(file, bytes);
      const slow = parseQuestionFile(file, bytes, { withPositions: true });
      expect(fast.findings).toEqual(slow.findings);
      expect(fast.questions.length).toBe(slow.questions.length);
      fast.questions.forEach((q, i) => {
        const s = slow.questions[i]!;
        expect({ file, data: q.data, start: q.start, body: q.body }).toEqual({ file, data: s.data, start: s.start, body: s.body });
        if (q.locatesByParsing) plain++;
        // The checked question too, code exercises' line numbers included.
        const [checked, withPositions] = [checkQuestion(file, q), checkQuestion(file, s)];
        expect({ question: checked.question, findings: checked.findings }).toEqual({ question: withPositions.question, findings: withPositions.findings });
        const points = Array.isArray((q.data as { key_points?: unknown[] }).key_points) ? (q.data as { key_points: unknown[] }).key_points : [];
        for (const path of [['id'], ['topic'], ['answer'], ['choices', 1, 'text'], ...points.map((_, k) => ['key_points', k])]) {
          expect({ file, path, at: q.locate(path, 'value') }).toEqual({ file, path, at: s.locate(path, 'value') });
        }
      });
    }
    // Nearly every bundled file is of the plain kind.
    expect(plain).toBeGreaterThan(600);
  });

  it('still report findings at the right place: duplicate ids, unknown topics and key points the answer does not support', async () => {
    const bank = writeTree(tempDir(), {
      'topics.yaml': 'topics:\n  - id: alpha\n    title: Alpha\n    description: A.\n',
      'a.md': openQuestion('dup-one'),
      // The same id one line lower.
      'b.md': openQuestion('dup-one').replace('---\n', '---\n# the same question again\n'),
      'c.yaml': [
        'questions:',
        '  - id: dup-one',
        '    topic: nowhere',
        '    difficulty: beginner',
        '    tags: [x]',
        '    key_points: [One point here, Another point here]',
        '    prompt: What is it?',
        `    answer: ${JSON.stringify(LONG_ANSWER)}`,
        '  - id: unique-one',
        '    topic: alpha',
        '    difficulty: beginner',
        '    tags: [x]',
        '    key_points:',
        '      - Explains the quantum chromodynamics of gluon confinement',
        `      - ${JSON.stringify(LONG_ANSWER.split('.')[0])}`,
        '    prompt: What is it?',
        `    answer: ${JSON.stringify(LONG_ANSWER)}`,
        '',
      ].join('\n'),
    });
    const fast = await validateBank([bank], { bundledTopics: false, rubrics: true, threads: 1 });
    const located = fast.findings.map((f) => `${f.file.slice(bank.length + 1)}:${f.line}:${f.column} ${f.rule}`);
    expect(located).toEqual(
      expect.arrayContaining([
        'a.md:2:5 duplicate-id',
        'b.md:3:5 duplicate-id',
        'c.yaml:2:9 duplicate-id',
        'c.yaml:3:12 topic-unknown',
        'c.yaml:14:9 key-point-unsupported',
      ]),
    );
  });
});

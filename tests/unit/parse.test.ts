import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBank } from '../../src/bank-files/bank.js';
import { checkQuestion } from '../../src/bank/check.js';
import { decodeQuestionText, parseQuestionFile, splitPromptAndAnswer } from '../../src/bank/parse.js';
import { LONG_ANSWER, openQuestion } from '../helpers/bank.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/invalid/', import.meta.url));
const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseQuestionFile', () => {
  it('splits a Markdown question into front matter, prompt and answer', () => {
    const parsed = parseQuestionFile('q.md', bytes(openQuestion('alpha-one')));
    expect(parsed.findings).toEqual([]);
    const checked = checkQuestion('q.md', parsed.questions[0]!);
    expect(checked.question).toMatchObject({
      id: 'alpha-one',
      topic: 'alpha',
      difficulty: 'beginner',
      type: 'open',
      tags: ['test'],
      keyPoints: ['States the idea directly and explains why it works', 'Names the trade-offs and when not to use it', 'Gives a PSI above 0.2 as a real shift'],
      prompt: 'Open question alpha-one: explain it.',
      answer: LONG_ANSWER,
      source: { file: 'q.md', line: 2, column: 1 },
    });
  });

  it('reads a YAML file with several questions, each located at its own line', () => {
    const text = `questions:\n  - id: a-one\n    topic: alpha\n    difficulty: beginner\n    prompt: One?\n    answer: x\n  - id: a-two\n    topic: alpha\n    difficulty: advanced\n    prompt: Two?\n    answer: y\n`;
    const parsed = parseQuestionFile('q.yaml', bytes(text));
    expect(parsed.questions.map((q) => q.start)).toEqual([
      { line: 2, column: 5 },
      { line: 7, column: 5 },
    ]);
  });

  it('accepts CRLF line endings and a UTF-8 byte-order mark', () => {
    const text = `\uFEFF${openQuestion('alpha-crlf').replace(/\n/g, '\r\n')}`;
    const parsed = parseQuestionFile('q.md', bytes(text));
    expect(parsed.findings).toEqual([]);
    expect(checkQuestion('q.md', parsed.questions[0]!).question?.answer).toBe(LONG_ANSWER);
  });

  it('finds "## Answer" only outside code fences', () => {
    const body = 'Prompt\n\n```md\n## Answer\nnot this one\n```\n\n## Answer\nthe real answer';
    expect(splitPromptAndAnswer(body)).toEqual({ prompt: 'Prompt\n\n```md\n## Answer\nnot this one\n```', answer: 'the real answer', answerLine: 7 });
  });

  it('never executes JavaScript front matter', () => {
    const dir = tempDir();
    const marker = join(dir, 'executed.marker');
    process.env.MLE_PREP_MARKER = marker;
    try {
      for (const name of ['front-matter-js.md', 'front-matter-javascript.md']) {
        const parsed = parseQuestionFile(name, readFileSync(join(FIXTURES, name)));
        expect(parsed.findings.map((f) => f.rule)).toEqual(['front-matter-language']);
      }
      checkBank([FIXTURES]);
    } finally {
      delete process.env.MLE_PREP_MARKER;
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses every executable or foreign front-matter language', () => {
    for (const language of ['js', 'javascript', 'coffee', 'cson', 'json', 'toml', 'JS']) {
      const parsed = parseQuestionFile('q.md', bytes(`---${language}\n{"id": "x"}\n---\nP\n## Answer\nA\n`));
      expect(parsed.findings.map((f) => f.rule)).toEqual(['front-matter-language']);
    }
  });

  it('accepts an explicit ---yaml opener', () => {
    const parsed = parseQuestionFile('q.md', bytes(openQuestion('alpha-y').replace(/^---\n/, '---yaml\n')));
    expect(parsed.findings).toEqual([]);
    expect(checkQuestion('q.md', parsed.questions[0]!).findings).toEqual([]);
  });

  it('gives the same result for the same broken input twice (no stale cache)', () => {
    const broken = bytes('---\nid: [broken\n---\nP\n## Answer\nA\n');
    const first = parseQuestionFile('a.md', broken);
    const second = parseQuestionFile('b.md', broken);
    expect(first.findings.map((f) => f.rule)).toEqual(['yaml-syntax']);
    expect(second.findings.map((f) => [f.file, f.rule])).toEqual([['b.md', 'yaml-syntax']]);
  });

  it('stops YAML alias bombs instead of expanding them', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`,
      );
    const parsed = parseQuestionFile('bomb.yaml', bytes(`${bomb.join('\n')}\nquestions: []\n`));
    expect(parsed.findings.map((f) => f.rule)).toContain('yaml-syntax');
  });
});

describe('parsing never throws on hostile input', () => {
  const parseAll = (name: string, data: Uint8Array) => {
    const parsed = parseQuestionFile(name, data);
    for (const raw of parsed.questions) checkQuestion(name, raw);
    return parsed;
  };

  it('random bytes, as Markdown and as YAML', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom('q.md', 'q.yaml'), (data, name) => {
        expect(() => parseAll(name, data)).not.toThrow();
      }),
      { numRuns: 1500, seed: 42 },
    );
  });

  it('mangled valid questions: characters deleted, duplicated or replaced anywhere', () => {
    const valid = [openQuestion('alpha-one'), readFileSync(join(FIXTURES, 'choices.yaml'), 'utf8')];
    const special = fc.constantFrom('-', ':', '\n', '#', '[', '{', '"', "'", '|', '>', '&', '*', '!', '%', '@', '`', '\t', ' ', '---', '\u0000', '\uFFFD');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), special), { maxLength: 8 }), (which, edits) => {
        let text = valid[which]!;
        for (const [at, len, insert] of edits) {
          const pos = at % (text.length + 1);
          text = text.slice(0, pos) + insert + text.slice(pos + len);
        }
        const findings = parseAll(which === 0 ? 'q.md' : 'q.yaml', bytes(text)).findings;
        for (const f of findings) {
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 1500, seed: 7 },
    );
  });

  it('whole banks of mangled files are checked without an exception', () => {
    const root = writeTree(tempDir(), {
      'topics.yaml': 'topics: [',
      'a.md': '---\n---\n',
      'b.md': '---\nid: 5\ntopic: {x: 1}\ndifficulty: [1]\ntype: 7\ntags: 3\ntime: -1\nkey_points: x\nchoices: 4\n---\n',
      'c.yaml': 'questions:\n  - 3\n  - null\n  - [a]\n  - {}\n',
      'd.yaml': 'questions: 7\n',
      'e.yml': '---\n...\n',
      'f.md': '---\nchoices:\n  - 1\n  - {text: 2, correct: "yes"}\ntype: choice\n---\n## Answer\n',
    });
    const bank = checkBank([root]);
    expect(bank.findings.length).toBeGreaterThan(10);
    expect(bank.questions).toEqual([]);
  });
});

describe('encoding positions', () => {
  const at = (...parts: Array<string | number[]>) => {
    const bytes = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
    const decoded = decodeQuestionText('f.md', bytes);
    return 'finding' in decoded ? [decoded.finding.line, decoded.finding.column] : 'valid';
  };

  it('counts characters, not bytes, before the bad byte', () => {
    expect(at('---\nid: x\n', 'éé', [0])).toEqual([3, 3]);
    expect(at('a\n', 'aé', [0xff])).toEqual([2, 3]);
    expect(at('→', [0xe2, 0x82])).toEqual([1, 2]);
  });

  it('points at the lead byte of overlong forms, surrogates and code points past U+10FFFF', () => {
    expect(at('ab', [0xc0, 0xaf])).toEqual([1, 3]);
    expect(at('ab', [0xe0, 0x80, 0xaf])).toEqual([1, 3]);
    expect(at('ab', [0xed, 0xa0, 0x80])).toEqual([1, 3]);
    expect(at('ab', [0xf4, 0x90, 0x80, 0x80])).toEqual([1, 3]);
    expect(at('ok é → 😀')).toBe('valid');
  });
});

describe('field names that are not plain text', () => {
  const findingsOf = (text: string) => parseQuestionFile('q.yaml', Buffer.from(text)).findings.map((f) => [f.rule, f.line, f.column, f.message]);

  it('reports a list or mapping used as a key, or a null key, where it stands', () => {
    const head = 'questions:\n  - id: odd\n    topic: alpha\n';
    expect(findingsOf(`${head}    ? [a, b]\n    : 1\n`)).toEqual([['unknown-field', 4, 7, 'a field name must be plain text, but this one is a list']]);
    expect(findingsOf(`${head}    null: x\n`)).toEqual([['unknown-field', 4, 5, 'a field name must be plain text, but this one is empty']]);
    expect(findingsOf(`${head}    ? {k: v}\n    : 1\n`)).toEqual([['unknown-field', 4, 7, 'a field name must be plain text, but this one is a mapping']]);
  });
});

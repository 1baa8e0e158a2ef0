// Input from strangers that used to get through: links out of a bank, odd bytes in question files, topic ids
// that name an object's internals, and raw HTML in the Markdown a report copies.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBank } from '../../src/bank-files/bank.js';
import { parseQuestionFile } from '../../src/bank/parse.js';
import { parseTopicsFile } from '../../src/bank/topics.js';
import { exportMarkdown, neutralisedMarkdown } from '../../src/format/export/markdown.js';
import { terminalSafe } from '../../src/format/terminal-text.js';
import { openQuestion, TINY_TOPICS } from '../helpers/bank.js';
import { question } from '../helpers/questions.js';
import { fakeSession } from '../helpers/sessions.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const rules = (bank: ReturnType<typeof checkBank>) => bank.findings.map((f) => [f.rule, f.severity, f.message]);

describe('validate: symbolic links', () => {
  it('does not follow a link to / (one warning) and treats it as a loop, since / holds the bank', () => {
    const root = writeTree(tempDir(), { 'topics.yaml': TINY_TOPICS, 'q.md': openQuestion('alpha-q') });
    symlinkSync('/', join(root, 'everything'));
    const bank = checkBank([root]);
    expect(rules(bank)).toEqual([['symlink-loop', 'warning', 'symbolic link points back to a folder that contains it; skipped']]);
    expect(bank.questions.map((q) => q.id)).toEqual(['alpha-q']);
  });

  it('treats a link to the parent of the bank as a loop rather than walking its sibling folders', () => {
    const parent = tempDir();
    const root = writeTree(join(parent, 'bank'), { 'topics.yaml': TINY_TOPICS, 'q.md': openQuestion('alpha-q') });
    writeTree(parent, { 'sibling/secret.md': openQuestion('alpha-secret') });
    symlinkSync('..', join(root, 'up'));
    const bank = checkBank([root]);
    expect(rules(bank)).toEqual([['symlink-loop', 'warning', 'symbolic link points back to a folder that contains it; skipped']]);
    expect(bank.questions.map((q) => q.id)).toEqual(['alpha-q']);
  });

  it('does not follow links to folders or question files outside the bank, one warning each', () => {
    const outside = writeTree(tempDir(), { 'elsewhere/x.md': openQuestion('alpha-x'), 'y.md': openQuestion('alpha-y') });
    const root = writeTree(tempDir(), { 'topics.yaml': TINY_TOPICS, 'q.md': openQuestion('alpha-q'), 'inner/r.md': openQuestion('alpha-r') });
    symlinkSync(join(outside, 'elsewhere'), join(root, 'out'));
    symlinkSync(join(outside, 'y.md'), join(root, 'y.md'));
    // A link that stays inside is followed as before (and its folder checked once).
    symlinkSync(join(root, 'inner'), join(root, 'again'));
    const bank = checkBank([root]);
    expect(rules(bank)).toEqual([
      ['symlink-outside', 'warning', `symbolic link leads outside ${root} (to ${join(outside, 'elsewhere')}); not followed`],
      ['symlink-outside', 'warning', `symbolic link leads outside ${root} (to ${join(outside, 'y.md')}); not followed`],
    ]);
    expect(bank.questions.map((q) => q.id).sort()).toEqual(['alpha-q', 'alpha-r']);
  });
});

describe('validate: odd bytes in question files', () => {
  it('says a file with CR-only line endings has CR-only line endings, in one short sentence', () => {
    const text = openQuestion('alpha-cr').replace(/\n/g, '\r');
    const { findings } = parseQuestionFile('cr.md', Buffer.from(text));
    expect(findings.map((f) => [f.rule, f.line, f.column, f.message])).toEqual([
      ['line-endings', 1, 1, 'lines end in a lone carriage return (CR, old Mac OS style); save the file with LF or CRLF line endings'],
    ]);
    expect(findings[0]!.message.length).toBeLessThan(120);
    // CRLF files are fine.
    expect(parseQuestionFile('crlf.md', Buffer.from(openQuestion('alpha-crlf').replace(/\n/g, '\r\n'))).findings).toEqual([]);
  });

  it('warns about raw control characters (ESC, BEL) in the text, at the first one', () => {
    const text = openQuestion('alpha-esc').replace('explain it.', 'explain \u001b]0;pwned\u0007it.');
    const { questions, findings } = parseQuestionFile('esc.md', Buffer.from(text));
    expect(questions).toHaveLength(1);
    expect(findings.map((f) => [f.rule, f.severity, f.line, f.column, f.message])).toEqual([
      [
        'control-character',
        'warning',
        8,
        34,
        'raw control character U+001B (ESC) and 1 more in the text; it is dropped when shown, so write what it stands for instead',
      ],
    ]);
  });
});

describe('topics.yaml', () => {
  it('reports an entry with an invalid id and leaves it out, so no question can use it', () => {
    const yaml = `topics:\n  - id: __proto__\n    title: Proto\n    description: Not a topic.\n  - id: alpha\n    title: Alpha\n    description: Fine.\n  - id: Bad Id\n    title: Bad\n    description: Spaces.\n`;
    const { topics, findings } = parseTopicsFile('topics.yaml', Buffer.from(yaml));
    expect(topics.map((t) => t.id)).toEqual(['alpha']);
    expect(findings.map((f) => [f.line, f.message])).toEqual([
      [2, 'topic id "__proto__" must be lowercase letters, digits and single hyphens, at most 80 characters'],
      [8, 'topic id "Bad Id" must be lowercase letters, digits and single hyphens, at most 80 characters'],
    ]);
    const root = writeTree(tempDir(), { 'topics.yaml': yaml, 'q.md': openQuestion('alpha-q', { topic: '__proto__' }) });
    const bank = checkBank([root], { bundledTopics: false });
    expect(bank.questions).toEqual([]);
    expect(bank.findings.map((f) => f.rule).sort()).toEqual(['topic-unknown', 'topics-file', 'topics-file']);
  });
});

describe('the Markdown export', () => {
  it('neutralises raw HTML, images and links other than web links from the bank, as the HTML export does', () => {
    const md = neutralisedMarkdown(
      [
        'Text <script>alert(1)</script> and `<b>code</b>` kept, [bad](javascript:alert(1)) and [good](https://example.com) ![pixel](http://t.example/p.png)',
        '',
        '<img src=x onerror=alert(1)>',
        '',
        '</details>',
        '',
        '```html',
        '<div>kept as code</div>',
        '```',
        '',
        '[ref]: javascript:evil',
        '',
      ].join('\n'),
    );
    expect(md).toBe(
      [
        'Text &lt;script>alert(1)&lt;/script> and `<b>code</b>` kept, bad and [good](https://example.com) pixel',
        '',
        '&lt;img src=x onerror=alert(1)>',
        '',
        '&lt;/details>',
        '',
        '```html',
        '<div>kept as code</div>',
        '```',
        '',
        '',
        '',
      ].join('\n'),
    );
  });

  it('keeps the model-answer block closed where the report closes it, and every field free of HTML and escapes', () => {
    const session = fakeSession('s1', '2026-11-10T08:00:00.000Z', 1);
    session.mode = 'quiz\u001b]52;c;ZXZpbA==\u0007' as typeof session.mode;
    session.results[0] = {
      ...session.results[0]!,
      questionId: 'alpha-q',
      difficulty: 'beginner<img src=x onerror=alert(1)>' as 'beginner',
      topic: 'alpha\u001b[2J',
    };
    const q = question('alpha-q', { prompt: 'Why <script>x()</script>?', answer: 'Because.\n\n</details>\n\n<script>alert(1)</script>' });
    const md = exportMarkdown({ user: 'ada', generatedAt: '2026-11-27T00:00:00.000Z', sessions: [session], questions: new Map([['alpha-q', q]]) });
    expect(md).not.toMatch(/<script|<img|\u001b|\u0007/);
    expect(md.match(/<\/details>/g)).toHaveLength(1);
    expect(md).toContain('beginner&lt;img src=x onerror=alert(1)>');
  });
});

describe('output for pipes and files', () => {
  it('keeps colour and drops every other escape sequence and control character', () => {
    expect(terminalSafe('a\u001b]0;title\u0007b\u001b[2Jc\u001b]52;c;ZXZpbA==\u0007d\u001b[31mred\u001b[39m\u009b2J')).toBe('abcd\u001b[31mred\u001b[39m');
    const plain = 'no controls\n\there';
    expect(terminalSafe(plain)).toBe(plain);
  });
});

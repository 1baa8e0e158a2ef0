import { describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledBankDir } from '../../src/bank-files/bundled.js';
import { splitPromptAndAnswer } from '../../src/bank/parse.js';
import matter from 'gray-matter';
import type { Question } from '../../src/bank/types.js';
import { lexMarkdown, renderMarkdown } from '../../src/format/markdown.js';
import { SessionInterrupted } from '../../src/session/run.js';
import { TerminalSessionUI } from '../../src/ui/session-ui.js';
import { TestTerminal } from '../helpers/command-io.js';
import { choiceQuestion } from '../helpers/questions.js';
import { safeText, terminalSafe } from '../../src/format/terminal-text.js';

const plain = (md: string, width = 60) => renderMarkdown(md, { width, color: false });

describe('renderMarkdown (terminal)', () => {
  it('applies inline formatting inside list items and numbers nested lists correctly', () => {
    const out = plain('1. First **step**\n   - nested `a`\n   - nested b\n2. Second\n3. Third');
    expect(out).toBe('  1. First step\n       • nested a\n       • nested b\n  2. Second\n  3. Third');
  });

  it('re-wraps list items to the width, ignoring the line breaks of the source', () => {
    const out = plain('- one two three four five six seven eight nine ten eleven twelve\n  thirteen fourteen fifteen sixteen seventeen eighteen', 40);
    for (const line of out.split('\n')) expect(line.length).toBeLessThan(40);
    expect(out.replace(/\s+/g, ' ').trim()).toBe(
      '• one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen',
    );
  });

  it('never passes terminal escape sequences from a question file through', () => {
    const out = renderMarkdown('Look \u001b]0;pwned\u0007 here \u001b[2J and \u009b31m', { width: 60, color: true });
    expect(out).not.toMatch(/\u001b\]|\u001b\[2J|\u009b|\u0007/);
    expect(safeText('a\u001b[31mb\u0000c\td\ne')).toBe('abc\td\ne');
  });

  it('shows code blocks', () => {
    expect(plain('```python\ndef f(x):\n    return x\n```')).toContain('def f(x):\n      return x');
  });
});

describe('Markdown lexed when the package is built', () => {
  it("renders the bank's longest texts exactly as lexing them then would, at any width, with and without colour", () => {
    const dir = bundledBankDir();
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'));
    // Each Markdown file's prompt and answer: the bank's longest texts, then a table and text with escape sequences.
    const markdown = files.flatMap((f) => {
      const { prompt, answer } = splitPromptAndAnswer(matter(readFileSync(join(dir, f), 'utf8')).content);
      return [prompt, answer ?? ''];
    });
    const texts = [
      ...markdown.sort((a, b) => b.length - a.length).slice(0, 8),
      '| a | b |\n|---|---|\n| 1 | 2 |',
      'Look \u001b]0;pwned\u0007 here, **bold** and `code`\n\n1. one\n   - two',
    ];
    for (const text of texts) {
      // As stored: through JSON.
      const tokens = JSON.parse(JSON.stringify(lexMarkdown(text))) as unknown[];
      for (const width of [40, 120]) {
        for (const color of [false, true]) {
          expect(renderMarkdown(text, { width, color, tokens: structuredClone(tokens) })).toBe(renderMarkdown(text, { width, color }));
        }
      }
    }
  });
});

describe('rendering lexed Markdown', () => {
  it('falls back to lexing the text when the tokens are damaged', () => {
    const text = 'Some **bold** text';
    expect(renderMarkdown(text, { width: 60, color: false, tokens: [{ type: 'no-such-token' }] })).toBe(renderMarkdown(text, { width: 60, color: false }));
  });
});

describe("a session's screen", () => {
  it('says it is waiting only for a model (offline, the wait is the bank being read for the first answer)', () => {
    const offline = new TestTerminal();
    new TerminalSessionUI(offline.io, new AbortController().signal).waiting('grading');
    expect(offline.stdout).toBe('');
    const withModel = new TestTerminal();
    new TerminalSessionUI(withModel.io, new AbortController().signal, { model: 'qwen3' }).waiting('grading');
    expect(withModel.stdout).toContain('Asking qwen3 which key points your answer covers');
  });

  it("renders a question's prompt and model answer from its lexed Markdown when the bank has it, read once per question", async () => {
    const q = choiceQuestion('alpha-choice', [0], 2, { prompt: 'The prompt as written', answer: 'The answer as written' });
    const lexed = vi.fn(
      (question: Question) => new Map([question.prompt, question.answer].map((text) => [text, lexMarkdown(`${text.replace('as written', 'from tokens')}`)])),
    );
    const term = new TestTerminal();
    const controller = new AbortController();
    const ui = new TerminalSessionUI(term.io, controller.signal, { lexed });
    controller.abort();
    await expect(ui.ask(q, { index: 0, total: 1 })).rejects.toBeInstanceOf(SessionInterrupted);
    await ui.reveal(q, { timedOut: false, picked: [0] }, { index: 0, total: 1 });
    expect(term.stdout).toContain('The prompt from tokens');
    expect(term.stdout).toContain('The answer from tokens');
    expect(term.stdout).not.toContain('as written');
    expect(lexed).toHaveBeenCalledTimes(1);
  });
});

describe('terminalSafe', () => {
  it('keeps colour and text, and drops every other escape sequence and control character', () => {
    const hostile = 'a\u001b[31mred\u001b[39m b\u001b]0;title\u0007 c\u001b[2J d\u001b[10;10H e\u009b31m f\u001bP1;2q\u001b\\ g\u0000h\u0007i\r\n\tj\u001bc k';
    expect(terminalSafe(hostile)).toBe('a\u001b[31mred\u001b[39m b c d e f ghi\n\tj k');
  });
});

import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { highlight, knowsLanguage } from '../../src/format/code-highlight.js';
import { renderMarkdown } from '../../src/format/markdown.js';

const PYTHON = 'def f(x):\n    return [i * i for i in range(x)]  # squares\n';
const SGR = /\u001b\[\d+(;\d+)*m/;

describe('code highlighting', () => {
  it('colours a block by the language after its fence, named in any case or by an alias, and keeps its text', () => {
    for (const language of ['python', 'Python', 'py']) {
      const coloured = highlight(PYTHON, { language });
      expect(coloured).toMatch(/\u001b\[32mdef\u001b\[39m/);
      expect(coloured).toMatch(/\u001b\[90m# squares\u001b\[39m/);
      expect(stripAnsi(coloured)).toBe(PYTHON);
    }
    expect(stripAnsi(highlight('SELECT a FROM t;', { language: 'sql' }))).toBe('SELECT a FROM t;');
    expect(highlight('SELECT a FROM t;', { language: 'sql' })).toMatch(SGR);
  });

  it('knows the common languages and those of machine-learning code, not others', () => {
    for (const language of [
      'python',
      'sql',
      'yaml',
      'yml',
      'bash',
      'sh',
      'json',
      'cpp',
      'go',
      'rust',
      'r',
      'scala',
      'julia',
      'dockerfile',
      'protobuf',
      'text',
    ]) {
      expect({ language, known: knowsLanguage(language) }).toEqual({ language, known: true });
    }
    for (const language of ['brainfuck', 'constructor', '__proto__', 'toString'])
      expect({ language, known: knowsLanguage(language) }).toEqual({ language, known: false });
  });

  it('passes plain text, and anything drawn without colour, through unchanged; throws for an unknown language or none, as cli-highlight does', () => {
    expect(highlight('just words', { language: 'text' })).toBe('just words');
    expect(highlight(PYTHON, { language: 'python', plain: true })).toBe(PYTHON);
    expect(() => highlight(PYTHON, { language: 'brainfuck' })).toThrow(/no grammar for "brainfuck"/);
    expect(() => highlight(PYTHON, {})).toThrow(/without a language/);
  });

  it('shows a code block without colour exactly as written, indented', () => {
    const text = renderMarkdown(`Compute:\n\n\`\`\`python\n${PYTHON}\`\`\`\n`, { width: 80, color: false });
    expect(text).not.toMatch(SGR);
    expect(text).toContain('\n  def f(x):\n      return [i * i for i in range(x)]  # squares');
  });
});

import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/format/markdown.js';
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

describe('terminalSafe', () => {
  it('keeps colour and text, and drops every other escape sequence and control character', () => {
    const hostile = 'a\u001b[31mred\u001b[39m b\u001b]0;title\u0007 c\u001b[2J d\u001b[10;10H e\u009b31m f\u001bP1;2q\u001b\\ g\u0000h\u0007i\r\n\tj\u001bc k';
    expect(terminalSafe(hostile)).toBe('a\u001b[31mred\u001b[39m b c d e f ghi\n\tj k');
  });
});

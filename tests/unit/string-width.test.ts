// The width wrap-ansi gets in the build for simple text must be string-width's own, character by character and
// for any string of them, and the characters it answers for must never join a neighbour into one grapheme.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import stripAnsi from 'strip-ansi';
// The string-width that wrap-ansi imports (a newer major than the one at the top of node_modules).
import stringWidth from '../../node_modules/wrap-ansi/node_modules/string-width/index.js';
import { simpleWidth, withSimpleWidths } from '../../src/format/string-width.js';

const simple: string[] = [];
for (let code = 0; code < 0x3000; code++) {
  const char = String.fromCharCode(code);
  if (simpleWidth(char, stripAnsi) !== undefined) simple.push(char);
}

describe('widths of simple text without the segmenter', () => {
  it('covers ASCII, Latin, Greek, typography and mathematics, each one column wide as string-width says', () => {
    expect(simple.length).toBeGreaterThan(700);
    for (const char of ['a', '~', 'é', 'ŷ', 'σ', 'Σ', 'ᵀ', '—', '•', '…', '≈', '≤', '√', '⌈', '→']) expect(simple).toContain(char);
    // Emoji (two columns) and marks that join the character before them are left to string-width.
    for (const char of ['©', '®', '✔', '\u0301', '\u200d', '\ufe0f', '\t']) expect(simple).not.toContain(char);
    for (const char of simple) expect([char, stringWidth(char)]).toEqual([char, 1]);
  });

  it('lists only characters that never join their neighbours into one grapheme', () => {
    const segmenter = new Intl.Segmenter();
    const graphemes = (text: string) => [...segmenter.segment(text)].length;
    for (const char of simple) {
      expect([char, graphemes(`a${char}`), graphemes(`${char}a`), graphemes(`${char}${char}`)]).toEqual([char, 2, 2, 2]);
    }
  });

  it("gives string-width's answer for any text, with or without colour", () => {
    const width = withSimpleWidths(stringWidth, stripAnsi);
    const char = fc.oneof(fc.constantFrom(...simple), fc.constantFrom('©', '✔', '🚀', '\u0301', '\u200d', '中', '\u001b[31m', '\u001b[39m', '\t'));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 30 }), (chars) => {
        const text = chars.join('');
        expect(width(text)).toBe(stringWidth(text));
      }),
      { numRuns: 2000 },
    );
    expect(width('\u001b[1mbold\u001b[22m text')).toBe(9);
    expect(width('\u001b[1mbold\u001b[22m', { countAnsiEscapeCodes: true })).toBe(stringWidth('\u001b[1mbold\u001b[22m', { countAnsiEscapeCodes: true }));
  });
});

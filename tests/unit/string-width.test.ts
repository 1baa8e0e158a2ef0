// The width wrap-ansi gets in the build for simple text must be string-width's own, character by character and
// for any string of them, and the characters it answers for must never join a neighbour into one grapheme.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import stripAnsi from 'strip-ansi';
// The string-width that wrap-ansi imports (a newer major than the one at the top of node_modules).
import stringWidth from '../../node_modules/wrap-ansi/node_modules/string-width/index.js';
import fastStringWidth from 'fast-string-width';
import { simpleWidth, withFastSimpleWidths, withSimpleWidths } from '../../src/format/string-width.js';

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

describe("fast-string-width's answer for the prompts' text, without its expressions", () => {
  // The characters the wrapper answers for itself: it gives NaN, from the measure it is given, for all others.
  const answered = withFastSimpleWidths(() => Number.NaN);
  const own: string[] = [];
  for (let code = 0; code < 0x3000; code++) {
    const char = String.fromCharCode(code);
    if (!Number.isNaN(answered(char))) own.push(char);
  }

  it('covers the simple characters and the box drawing, ticks, pointers and stopwatch, each one column', () => {
    expect(own).toEqual(expect.arrayContaining(simple));
    for (const char of ['─', '│', '█', '░', '⏱', '✔', '✘', '⚑', '❯', '◉', '◯']) expect(own).toContain(char);
    // Two columns (the alarm clock), joining marks, controls and escape bytes go to fast-string-width.
    for (const char of ['⏰', '\u0301', '\ufe0f', '\t', '\u001b', '\u009b', '中']) expect(own).not.toContain(char);
    for (const char of own) expect([char, fastStringWidth(char)]).toEqual([char, 1]);
  });

  it('gives its answer for any text, with colour or other escape sequences', () => {
    const width = withFastSimpleWidths(fastStringWidth);
    const escapes = [
      '\u001b[31m',
      '\u001b[1;4m',
      '\u001b[00000m',
      '\u001b[99999;1m',
      '\u001b[m',
      '\u001b[39m',
      '\u001b[2K',
      '\u001b]8;;https://x.org\u0007',
      '\u001b]8;;\u0007',
      '\u009b31m',
      '\u001b',
    ];
    const char = fc.oneof(fc.constantFrom(...own), fc.constantFrom('⏰', '🚀', '\u0301', '\ufe0f', '中', '\t', ...escapes));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 30 }), (chars) => {
        const text = chars.join('');
        expect(width(text)).toBe(fastStringWidth(text));
      }),
      { numRuns: 2000 },
    );
    expect(width('\u001b[1m⏱ 1:59\u001b[22m · Enter')).toBe(14);
  });
});

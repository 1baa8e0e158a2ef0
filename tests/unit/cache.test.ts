import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiJson } from '../../src/bank/cache.js';

describe('the bank cache file format', () => {
  it('is plain ASCII that parses back to exactly what was written, whatever the text', () => {
    // Any UTF-16 code unit, lone surrogates and line separators included.
    const text = fc.string({ unit: fc.nat(0xffff).map((n) => String.fromCharCode(n)) });
    fc.assert(
      fc.property(fc.dictionary(text, fc.oneof(text, fc.array(text), fc.integer())), (value) => {
        const json = asciiJson(value);
        expect(json).toMatch(/^[\x00-\x7f]*$/);
        expect(JSON.parse(json)).toEqual(value);
      }),
    );
    // Dashes, symbols, accents and an astral character (a surrogate pair, escaped as two units).
    const sample = { answer: 'p95 ≤ 200 ms — café 🚀', path: '/home/José/bank', odd: '\u2028\ud800' };
    expect(asciiJson(sample)).toBe('{"answer":"p95 \\u2264 200 ms \\u2014 caf\\u00e9 \\ud83d\\ude80","path":"/home/Jos\\u00e9/bank","odd":"\\u2028\\ud800"}');
    expect(JSON.parse(asciiJson(sample))).toEqual(sample);
  });
});

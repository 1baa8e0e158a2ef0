// The width of most text on a terminal without the grapheme segmenter. wrap-ansi measures every word with
// string-width, which builds an Intl.Segmenter (tens of milliseconds to load) and walks each word grapheme by
// grapheme: most of the time `show` spent on a long case study. The build gives wrap-ansi this instead
// (scripts/build.mjs), and it answers alone for text made only of characters that each take one column and never
// join their neighbours into one grapheme: printable ASCII, Latin letters, Greek, the dashes, quotes and bullets of
// typography, superscripts, arrows and mathematical operators. Anything else goes to string-width itself.
// @inquirer/core wraps each prompt with fast-wrap-ansi, whose fast-string-width gets the same treatment for its own
// one-column characters (withFastSimpleWidths).
// tests/unit/string-width.test.ts checks every character listed here against string-width and the segmenter, and
// against fast-string-width.

const ANSI = /[\u001b\u009b]/;

/** Characters of one column each that never join a grapheme with a neighbour. */
const SIMPLE_RANGES =
  '\\u0020-\\u007e\\u00a0-\\u00a8\\u00aa-\\u00ac\\u00af-\\u017f\\u0391-\\u03a1\\u03a3-\\u03c9\\u1d00-\\u1d7f\\u2010-\\u2027\\u2030-\\u203b\\u2190-\\u2193\\u2200-\\u22ff\\u2308-\\u230b';
const SIMPLE = new RegExp(`^[${SIMPLE_RANGES}]*$`);

/**
 * What fast-string-width (which @inquirer/core wraps every prompt with) counts one column each, without the
 * emoji and CJK expressions it compiles on the first other character it meets: the simple characters, and the
 * box drawing, block elements, ticks, crosses, pointers and stopwatch of the prompts. It measures code point by
 * code point, so text made of these is as wide as it is long.
 */
const FAST_SIMPLE = new RegExp(`^[${SIMPLE_RANGES}\\u2500-\\u259f\\u23f1\\u2691\\u2713-\\u2718\\u25cb\\u25c9\\u25cf\\u25ef\\u276e\\u276f]*$`);

/** The colour and style sequences chalk writes, as fast-string-width reads them: no width to either. */
const SGR = /\u001b\[(?:\d{1,4}(?:;\d{0,4})*)?m/g;

/** The width of `text` in columns when it is made only of simple characters (after its escape sequences). */
export function simpleWidth(text: string, stripAnsi: (text: string) => string): number | undefined {
  const plain = ANSI.test(text) ? stripAnsi(text) : text;
  return SIMPLE.test(plain) ? plain.length : undefined;
}

type StringWidth = (text: string, options?: object) => number;

/** string-width, answering simple text itself. */
export function withSimpleWidths(stringWidth: StringWidth, stripAnsi: (text: string) => string): StringWidth {
  return (text, options) => (options === undefined && typeof text === 'string' ? simpleWidth(text, stripAnsi) : undefined) ?? stringWidth(text, options);
}

/** fast-string-width, answering text made only of FAST_SIMPLE characters and colour itself. */
export function withFastSimpleWidths(fastStringWidth: StringWidth): StringWidth {
  return (text, options) => {
    if (options === undefined && typeof text === 'string') {
      const plain = text.includes('\u001b') ? text.replace(SGR, '') : text;
      if (FAST_SIMPLE.test(plain)) return plain.length;
    }
    return fastStringWidth(text, options);
  };
}

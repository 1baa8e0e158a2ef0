// Text as the key-point matcher sees it: sentences, and content terms (stemmed, British spellings folded to
// American, stop words and rubric verbs left out). Pure: no terminal, no disk.
import { stemmer } from 'stemmer';
import { eng } from 'stopword';

/**
 * Words a key point is phrased with that say nothing about the content ("Names PSI...", "Explains why..."), and
 * filler that carries no claim. Compared after stemming.
 */
const RUBRIC_WORDS = [
  'name',
  'names',
  'explain',
  'explains',
  'mention',
  'mentions',
  'describe',
  'describes',
  'distinguish',
  'distinguishes',
  'give',
  'gives',
  'say',
  'says',
  'state',
  'states',
  'note',
  'notes',
  'warn',
  'warns',
  'pick',
  'picks',
  'propose',
  'proposes',
  'cover',
  'covers',
  'choose',
  'chooses',
  'compare',
  'compares',
  'identify',
  'identifies',
  'recognize',
  'recognizes',
  'suggest',
  'suggests',
  'recommend',
  'recommends',
  'discuss',
  'discusses',
  'include',
  'includes',
  'know',
  'knows',
  'point',
  'points',
  'out',
  'answer',
  'question',
  'e.g',
  'eg',
  'i.e',
  'ie',
  'etc',
  'such',
  'example',
  'instance',
  'rather',
  'instead',
  'also',
  'well',
  'way',
  'ways',
  'thing',
  'things',
  'use',
  'uses',
  'using',
  'used',
  'like',
  'one',
  'two',
  'via',
  'define',
  'defines',
  'list',
  'lists',
  'show',
  'shows',
  'argue',
  'argues',
  'acknowledge',
  'acknowledges',
  'discuss',
  'outline',
  'outlines',
  'clear',
  'clearly',
  'correctly',
  'concrete',
];

// Both built when the first word is coded (about a millisecond each, which a command's start-up need not pay).
let stop: Set<string> | undefined;
const stopWords = () => (stop ??= new Set([...eng, ...RUBRIC_WORDS].map((w) => w.toLowerCase())));
let stopStems: Set<string> | undefined;

/** British spellings folded to American ones, applied to every text alike, so "quantisation" meets "quantization". */
export function foldSpelling(word: string): string {
  return word
    .replace(/([a-z]{2})is(e|es|ed|ing|ation|ations|er|ers)$/, '$1iz$2')
    .replace(/([a-z])ys(e|es|ed|ing|er|ers)$/, '$1yz$2')
    .replace(/([a-z]{3})our(s|ed|ing|ite|ites|able)?$/, '$1or$2')
    .replace(/([a-z]{2})tre(s)?$/, '$1ter$2')
    .replace(/([a-z]{3})ogue(s)?$/, '$1og$2')
    .replace(/([aeiou])ll(ed|ing|er|ers)$/, '$1l$2')
    .replace(/^programme(s)?$/, 'program$1')
    .replace(/^grey$/, 'gray');
}

// Built on first use: constructing it loads ICU's break rules, about 20 ms, and ASCII text never needs it.
let sentenceSegmenter: Intl.Segmenter | undefined;
// Letters and digits, joined across an inner point or apostrophe ("0.2", "p99", "don't"); hyphens split, so
// "point-in-time" meets "point in time". (ICU's word segmenter agrees on such text and is fifty times slower.)
const WORD = /[\p{L}\p{N}]+(?:[.'’][\p{L}\p{N}]+)*/gu;

// The same for ASCII text, which NFKC leaves as it is: letters and digits are then [a-z0-9] once lowercased, and the
// only inner joins are a point and an apostrophe.
const ASCII_TEXT = /^[\x00-\x7f]*$/;
const ASCII_WORD = /[a-z0-9]+(?:[.'][a-z0-9]+)*/g;

/** Lowercased words, numbers included. */
export function words(text: string): string[] {
  if (ASCII_TEXT.test(text)) return text.toLowerCase().match(ASCII_WORD) ?? [];
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}

/** A word's code: the number of its term, or one of these. */
export const STOP_WORD = -1;
export const NO_TERM = -2;

// Every word met, with its code, and the terms numbered in the order they were first met (per thread). One lookup
// per word tells whether it is a stop word and which term it stands for: a bank repeats its words.
const codes = new Map<string, number>();
const termNumbers = new Map<string, number>();
const termTexts: string[] = [];

/** The code of a word (as `words` gives it): its term's number, STOP_WORD, or NO_TERM. */
export function wordCode(word: string): number {
  let code = codes.get(word);
  if (code === undefined) {
    if (stopWords().has(word)) {
      code = STOP_WORD;
    } else {
      const candidate = /^[a-z]+$/.test(word) ? stemmer(foldSpelling(word)) : word;
      stopStems ??= new Set(RUBRIC_WORDS.map((w) => stemmer(w)));
      if (stopStems.has(candidate) || candidate.length < 2) {
        code = NO_TERM;
      } else {
        code = termNumbers.get(candidate);
        if (code === undefined) {
          code = termTexts.length;
          termNumbers.set(candidate, code);
          termTexts.push(candidate);
        }
      }
    }
    codes.set(word, code);
  }
  return code;
}

/** The term a number stands for. */
export function termText(number: number): string {
  return termTexts[number]!;
}

/** How many terms have numbers so far; numbers are given in turn and never change. */
export function termsNumbered(): number {
  return termTexts.length;
}

/** The stem of a word after spelling folding; stop words give undefined. */
export function term(word: string): string | undefined {
  const code = wordCode(word);
  return code >= 0 ? termTexts[code] : undefined;
}

/** The content terms of a text, in order (repeats kept). */
export function terms(text: string): string[] {
  return words(text).flatMap((w) => term(w) ?? []);
}

/** Whether a word (as `words` gives it) is a stop word. */
export function isFunctionWord(word: string): boolean {
  return stopWords().has(word);
}

/** How many of a text's words are stop words: prose has plenty, a bare list of terms has almost none. */
export function functionWordShare(text: string): number {
  const all = words(text);
  const stops = stopWords();
  return all.length === 0 ? 0 : all.filter((w) => stops.has(w)).length / all.length;
}

/**
 * Sentences of an answer. Lines of one paragraph are joined first (a model answer's Markdown wraps its paragraphs,
 * a pasted answer may too); a blank line, a list item or a heading starts a new block; list markers are dropped.
 */
export function sentences(text: string): string[] {
  const blocks: string[] = [];
  let open = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      open = false;
      continue;
    }
    const item = /^\s*(?:[-*•+]|\d+[.)]|#{1,6})\s+/.exec(line);
    const content = line.slice(item ? item[0].length : 0).trim();
    if (open && !item) blocks[blocks.length - 1] += ` ${content}`;
    else blocks.push(content);
    open = true;
  }
  const out: string[] = [];
  for (const block of blocks) {
    if (ASCII_TEXT.test(block) && !block.includes('\r')) {
      let start = 0;
      for (const end of asciiSentenceBreaks(block)) {
        const sentence = block.slice(start, end).trim();
        if (sentence) out.push(sentence);
        start = end;
      }
      continue;
    }
    sentenceSegmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' });
    for (const part of sentenceSegmenter.segment(block)) {
      const sentence = part.segment.trim();
      if (sentence) out.push(sentence);
    }
  }
  return out;
}

// Unicode's sentence boundary rules (UAX #29, as ICU applies them for "en") for ASCII text without line breaks, which
// is most of a bank: the segmenter gives the same sentences, at many times the cost. Classes as UAX #29 has them.
const Sb = { Other: 0, Sp: 1, Lower: 2, Upper: 3, Numeric: 4, ATerm: 5, STerm: 6, Close: 7, SContinue: 8 } as const;
// Made on first use: its regular expressions cost about a millisecond, which a command's start-up need not pay.
let sbClass: Uint8Array | undefined;
function sentenceClasses(): Uint8Array {
  if (sbClass) return sbClass;
  sbClass = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    sbClass[c] = /[a-z]/.test(ch)
      ? Sb.Lower
      : /[A-Z]/.test(ch)
        ? Sb.Upper
        : /[0-9]/.test(ch)
          ? Sb.Numeric
          : ch === '.'
            ? Sb.ATerm
            : ch === '!' || ch === '?'
              ? Sb.STerm
              : '"\'()[]{}'.includes(ch)
                ? Sb.Close
                : ',-:;'.includes(ch)
                  ? Sb.SContinue
                  : ' \t\v\f'.includes(ch)
                    ? Sb.Sp
                    : Sb.Other;
  }
  return sbClass;
}

/** Where the sentences of an ASCII text end (the last at the text's end). */
function asciiSentenceBreaks(text: string): number[] {
  const n = text.length;
  const classes = sentenceClasses();
  const cls = (i: number) => classes[text.charCodeAt(i)]!;
  const breaks: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = cls(i);
    if (c !== Sb.ATerm && c !== Sb.STerm) continue;
    // SB6, SB7: "3.14", "U.S" stay whole.
    if (c === Sb.ATerm && i + 1 < n) {
      const next = cls(i + 1);
      if (next === Sb.Numeric) continue;
      if (next === Sb.Upper && i > 0 && (cls(i - 1) === Sb.Upper || cls(i - 1) === Sb.Lower)) continue;
    }
    let m = i + 1;
    while (m < n && cls(m) === Sb.Close) m++;
    while (m < n && cls(m) === Sb.Sp) m++;
    // SB9, SB10: closing punctuation and spaces stay with the sentence; SB11 breaks after them, unless...
    if (m >= n) continue;
    // SB8a: ...a comma, colon, hyphen or another terminator follows...
    const after = cls(m);
    if (after === Sb.SContinue || after === Sb.ATerm || after === Sb.STerm) continue;
    // SB8: ...or, after a full stop, the next letter is lower case ("e.g. the").
    if (c === Sb.ATerm) {
      let k = m;
      while (k < n) {
        const x = cls(k);
        if (x === Sb.Lower || x === Sb.Upper || x === Sb.ATerm || x === Sb.STerm) break;
        k++;
      }
      if (k < n && cls(k) === Sb.Lower) continue;
    }
    breaks.push(m);
    i = m - 1;
  }
  breaks.push(n);
  return breaks;
}

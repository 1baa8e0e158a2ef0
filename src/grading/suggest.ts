// Which key points an answer appears to cover, each with the sentence that supports it. Offline and pure: terms
// are matched weighted by how rare they are in the bank, the support must sit within a small window of sentences
// that reads as prose, and words the question itself uses count for little, so restating the question, writing
// about something else or listing the key points' words collects (almost) nothing. The user still ticks.
import type { Question } from '../bank/types.js';
import { isFunctionWord, sentences, STOP_WORD, term, termText, terms, wordCode, words } from './text.js';

export interface Tuning {
  /** Consecutive sentences the support of one key point may span. */
  windowSentences: number;
  /** Share of a key point's term weight an answer's window must match to suggest it. */
  coveredAt: number;
  /** A term the question's prompt already uses shows little: its weight is scaled by this. */
  promptDiscount: number;
  /** Below this share of stop words a window is a list of terms, not a claim. */
  minFunctionShare: number;
}

/** Chosen on one labelled set and checked on another (bench/grading.mjs). */
export const TUNING: Tuning = { windowSentences: 2, coveredAt: 0.25, promptDiscount: 0.25, minFunctionShare: 0.15 };

export interface KeyPointSuggestion {
  /** Position in the question file's key_points, from 0. */
  index: number;
  text: string;
  covered: boolean;
  /** 0..1: the share of the key point's weighted terms found in the best window. */
  confidence: number;
  /** The sentence(s) of the answer that support the key point, when any matched. */
  evidence?: string;
  /** Who suggested it when a model was asked: the model ('ai', evidence checked) or this matcher ('offline'). */
  source?: 'ai' | 'offline';
}

/** Document frequencies of terms over a bank, for weighting rare terms above common ones. */
export interface TermWeights {
  weight(term: string): number;
}

/** Inverse document frequency over the given documents (one per question: its prompt, answer and key points). */
export function termWeights(documents: Iterable<string>): TermWeights {
  const counts = new DocumentFrequencies();
  for (const doc of documents) counts.add(doc);
  return counts.weights();
}

/** Document frequencies gathered piece by piece (by several threads, then merged), with documents taken back out. */
export class DocumentFrequencies {
  constructor(
    readonly df = new Map<string, number>(),
    public count = 0,
  ) {}

  add(document: string, sign: 1 | -1 = 1): void {
    this.addTerms(new Set(terms(document)), sign);
  }

  /** One document, as its distinct terms. */
  addTerms(distinct: Iterable<string>, sign: 1 | -1 = 1): void {
    this.count += sign;
    for (const t of distinct) this.df.set(t, (this.df.get(t) ?? 0) + sign);
  }

  merge(other: { df: ReadonlyMap<string, number>; count: number }): void {
    this.count += other.count;
    for (const [t, n] of other.df) this.df.set(t, (this.df.get(t) ?? 0) + n);
  }

  weights(): TermWeights {
    const { df, count } = this;
    return { weight: (t) => Math.log((count + 1) / ((df.get(t) ?? 0) + 1)) + 1 };
  }
}

/** The text a question contributes to the bank's term weights. */
export function questionDocument(question: Pick<Question, 'prompt' | 'answer' | 'keyPoints'>): string {
  return [question.prompt, question.answer, ...question.keyPoints].join('\n');
}

interface Window {
  text: string;
  terms: ReadonlySet<string>;
  prose: boolean;
}

function windowsOf(answer: string, tuning: Tuning): Window[] {
  const parts = sentences(answer);
  // Each sentence is read once; a window's terms and stop-word share follow from its sentences' (the words of
  // sentences joined by a space are the sentences' words in turn).
  const read = parts.map((sentence) => {
    const all = words(sentence);
    return { terms: all.flatMap((w) => term(w) ?? []), stop: all.filter(isFunctionWord).length, count: all.length };
  });
  const out: Window[] = [];
  // Single sentences first: on a tie, the evidence is the one sentence that says it.
  for (let size = 1; size <= tuning.windowSentences; size++) {
    for (let start = 0; start + size <= parts.length; start++) {
      const span = read.slice(start, start + size);
      const count = span.reduce((n, r) => n + r.count, 0);
      const share = count === 0 ? 0 : span.reduce((n, r) => n + r.stop, 0) / count;
      out.push({ text: parts.slice(start, start + size).join(' '), terms: new Set(span.flatMap((r) => r.terms)), prose: share >= tuning.minFunctionShare });
    }
  }
  return out;
}

/** Best coverage of one phrasing of a key point over the answer's windows. */
function bestWindow(phrasing: string, windows: readonly Window[], weigh: (t: string) => number): { coverage: number; evidence?: string } {
  const wanted = [...new Set(terms(phrasing))];
  if (wanted.length === 0) return { coverage: 0 };
  const total = wanted.reduce((sum, t) => sum + weigh(t), 0);
  const needed = Math.min(2, wanted.length);
  let best: { coverage: number; evidence?: string } = { coverage: 0 };
  for (const w of windows) {
    if (!w.prose) continue;
    const hits = wanted.filter((t) => w.terms.has(t));
    if (hits.length < needed) continue;
    const coverage = hits.reduce((sum, t) => sum + weigh(t), 0) / total;
    if (coverage > best.coverage + 1e-9) best = { coverage, evidence: w.text };
  }
  return best;
}

export function suggestKeyPoints(
  question: Pick<Question, 'prompt' | 'keyPoints'> & Partial<Pick<Question, 'keyPointAliases'>>,
  answer: string,
  weights: TermWeights,
  tuning: Tuning = TUNING,
): KeyPointSuggestion[] {
  const promptTerms = new Set(terms(question.prompt));
  const weigh = (t: string) => weights.weight(t) * (promptTerms.has(t) ? tuning.promptDiscount : 1);
  const windows = windowsOf(answer, tuning);
  return question.keyPoints.map((text, index) => {
    const phrasings = [text, ...(question.keyPointAliases?.[index] ?? [])];
    const best = phrasings.map((p) => bestWindow(p, windows, weigh)).reduce((a, b) => (b.coverage > a.coverage ? b : a));
    const confidence = Math.round(best.coverage * 100) / 100;
    return {
      index,
      text,
      covered: best.coverage >= tuning.coveredAt,
      confidence,
      ...(best.evidence !== undefined ? { evidence: best.evidence } : {}),
    };
  });
}

/**
 * What `suggestKeyPoints` needs to decide which key points an answer covers, before the bank's term weights are
 * known, and without the texts: each phrasing of each key point as its distinct terms, with the distinct sets of
 * them (as positions, ascending) that a prose window of the answer holds, enough of them to count. A few hundred
 * bytes per question, so a large bank can be checked in one go. `T` is a term, or a number standing for one.
 */
export interface CoverageEvidence<T = string> {
  /** Per key point, per phrasing. */
  phrasings: Array<Array<{ terms: T[]; hits: number[][] }>>;
  /** The phrasings' terms that the prompt uses (they weigh less). */
  promptTerms: T[];
}

/** The distinct terms of a text, as numbers (`wordCode`), added to `into`. */
function addTerms(text: string, into: Set<number>): Set<number> {
  for (const w of words(text)) {
    const code = wordCode(w);
    if (code >= 0) into.add(code);
  }
  return into;
}

const bitCount = (mask: number) => {
  let n = mask - ((mask >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

const bitsOf = (mask: number) => {
  const out: number[] = [];
  for (let i = 0; mask !== 0; i++, mask >>>= 1) if (mask & 1) out.push(i);
  return out;
};

/** Above this many terms a phrasing's positions do not fit in a bit mask: they are compared as lists. */
const MASK_TERMS = 30;

// In ASCII text, the words of an answer are those of its sentences plus the numbers of numbered list items, unless
// a sentence ends inside what reads as one word: only a digit, a full stop and a capital ("v1.The") do that.
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const SPLIT_WORD = /\d\.[A-Z]/;
const LIST_NUMBER = /^[^\S\n]*(\d+)[.)]\s/gm;

/**
 * The evidence of one answer for one question, with terms as numbers (`wordCode`), and the terms of the question's
 * document (its prompt, answer and key points, as `questionDocument` joins them) added to `document`, each text
 * read once. Equivalent to building the windows of `suggestKeyPoints` and matching every phrasing against each,
 * but a window is the union of its sentences, and a phrasing's terms are looked up once per sentence holding them.
 */
export function questionEvidence(
  question: Pick<Question, 'prompt' | 'keyPoints'> & Partial<Pick<Question, 'keyPointAliases'>>,
  answer: string,
  tuning: Tuning = TUNING,
  document?: Set<number>,
): CoverageEvidence<number> {
  const parts = sentences(answer);
  // Sentences holding each term, in order, once each; each sentence's count of words and of stop words.
  const sentencesOf = new Map<number, number[]>();
  const stops: number[] = [];
  const counts: number[] = [];
  parts.forEach((sentence, s) => {
    const all = words(sentence);
    let stop = 0;
    for (const w of all) {
      const code = wordCode(w);
      if (code === STOP_WORD) stop++;
      if (code < 0) continue;
      const list = sentencesOf.get(code);
      if (!list) sentencesOf.set(code, [s]);
      else if (list[list.length - 1] !== s) list.push(s);
    }
    stops.push(stop);
    counts.push(all.length);
  });
  // The prose windows, in the order suggestKeyPoints tries them: single sentences first, each as [start, size].
  const windows: Array<[number, number]> = [];
  for (let size = 1; size <= tuning.windowSentences; size++) {
    for (let start = 0; start + size <= parts.length; start++) {
      let count = 0;
      let stop = 0;
      for (let k = start; k < start + size; k++) {
        count += counts[k]!;
        stop += stops[k]!;
      }
      if ((count === 0 ? 0 : stop / count) >= tuning.minFunctionShare) windows.push([start, size]);
    }
  }
  const wantedAll = new Set<number>();
  const perSentence = new Int32Array(parts.length);
  const phrasings = question.keyPoints.map((text, index) =>
    [text, ...(question.keyPointAliases?.[index] ?? [])].map((p) => {
      const wanted = [...addTerms(p, new Set())];
      for (const t of wanted) wantedAll.add(t);
      if (wanted.length === 0) return { terms: wanted, hits: [] };
      const needed = Math.min(2, wanted.length);
      if (wanted.length > MASK_TERMS) return { terms: wanted, hits: listHits(wanted, windows, sentencesOf, needed) };
      perSentence.fill(0);
      wanted.forEach((t, i) => {
        for (const s of sentencesOf.get(t) ?? []) perSentence[s]! |= 1 << i;
      });
      const found = new Set<number>();
      for (const [start, size] of windows) {
        let mask = 0;
        for (let k = start; k < start + size; k++) mask |= perSentence[k]!;
        if (bitCount(mask) >= needed) found.add(mask);
      }
      // A window holding all of another's terms and more covers more (every weight is at least 1, times the
      // prompt discount): only the largest sets can be the best, so only they are kept.
      const sets = [...found];
      const hits = sets.filter((a) => !sets.some((b) => (a & b) === a && bitCount(b) > bitCount(a))).map(bitsOf);
      return { terms: wanted, hits };
    }),
  );
  const prompt = addTerms(question.prompt, new Set());
  if (document) {
    for (const t of prompt) document.add(t);
    if (ASCII_ONLY.test(answer) && !SPLIT_WORD.test(answer)) {
      for (const t of sentencesOf.keys()) document.add(t);
      for (const m of answer.matchAll(LIST_NUMBER)) addTerms(m[1]!, document);
    } else {
      addTerms(answer, document);
    }
    for (const point of question.keyPoints) addTerms(point, document);
  }
  return { phrasings, promptTerms: [...prompt].filter((t) => wantedAll.has(t)) };
}

/** The hits of a phrasing with too many terms for a bit mask, as lists of positions. */
function listHits(wanted: readonly number[], windows: ReadonlyArray<[number, number]>, sentencesOf: ReadonlyMap<number, number[]>, needed: number): number[][] {
  const found = new Map<string, number[]>();
  for (const [start, size] of windows) {
    const at = wanted.flatMap((t, i) => ((sentencesOf.get(t) ?? []).some((s) => s >= start && s < start + size) ? [i] : []));
    if (at.length >= needed) found.set(at.join(','), at);
  }
  const sets = [...found.values()];
  return sets.filter((a) => !sets.some((b) => b.length > a.length && a.every((i) => b.includes(i))));
}

export function coverageEvidence(
  question: Pick<Question, 'prompt' | 'keyPoints'> & Partial<Pick<Question, 'keyPointAliases'>>,
  answer: string,
  tuning: Tuning = TUNING,
): CoverageEvidence {
  const evidence = questionEvidence(question, answer, tuning);
  return {
    phrasings: evidence.phrasings.map((ps) => ps.map((p) => ({ terms: p.terms.map(termText), hits: p.hits }))),
    promptTerms: evidence.promptTerms.map(termText),
  };
}

/** The terms a question contributes to the bank's term weights (those of `questionDocument`), as numbers. */
export function documentTerms(question: Pick<Question, 'prompt' | 'answer' | 'keyPoints'>): Set<number> {
  return addTerms(questionDocument(question), new Set());
}

/** Which key points the evidence covers under these weights: exactly `suggestKeyPoints(...).map((s) => s.covered)`. */
export function coveredKeyPoints<T>(evidence: CoverageEvidence<T>, weights: { weight(term: T): number }, tuning: Tuning = TUNING): boolean[] {
  const promptTerms = new Set(evidence.promptTerms);
  const weigh = (t: T) => weights.weight(t) * (promptTerms.has(t) ? tuning.promptDiscount : 1);
  return evidence.phrasings.map((phrasings) => {
    const best = Math.max(
      ...phrasings.map(({ terms: wanted, hits }) => {
        if (wanted.length === 0) return 0;
        const total = wanted.reduce((sum, t) => sum + weigh(t), 0);
        // As bestWindow: the hits summed in the phrasing's order, the best kept unless beaten by more than 1e-9.
        let coverage = 0;
        for (const at of hits) {
          const c = at.reduce((sum, i) => sum + weigh(wanted[i]!), 0) / total;
          if (c > coverage + 1e-9) coverage = c;
        }
        return coverage;
      }),
    );
    return best >= tuning.coveredAt;
  });
}

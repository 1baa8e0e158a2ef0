// Which key points an answer appears to cover, each with the sentence that supports it. Offline and pure: terms
// are matched weighted by how rare they are in the bank, the support must sit within a small window of sentences
// that reads as prose, and words the question itself uses count for little, so restating the question, writing
// about something else or listing the key points' words collects (almost) nothing. The user still ticks.
import type { Question } from '../bank/types.js';
import { functionWordShare, sentences, terms } from './text.js';

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
  const df = new Map<string, number>();
  let count = 0;
  for (const doc of documents) {
    count++;
    for (const t of new Set(terms(doc))) df.set(t, (df.get(t) ?? 0) + 1);
  }
  return { weight: (t) => Math.log((count + 1) / ((df.get(t) ?? 0) + 1)) + 1 };
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
  const out: Window[] = [];
  // Single sentences first: on a tie, the evidence is the one sentence that says it.
  for (let size = 1; size <= tuning.windowSentences; size++) {
    for (let start = 0; start + size <= parts.length; start++) {
      const text = parts.slice(start, start + size).join(' ');
      out.push({ text, terms: new Set(terms(text)), prose: functionWordShare(text) >= tuning.minFunctionShare });
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

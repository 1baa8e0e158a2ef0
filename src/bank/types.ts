import type { DIFFICULTIES, QUESTION_TYPES } from './schema.js';

export type Difficulty = (typeof DIFFICULTIES)[number];
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface Choice {
  text: string;
  correct: boolean;
  explanation?: string;
}

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface Question {
  id: string;
  topic: string;
  difficulty: Difficulty;
  type: QuestionType;
  tags: string[];
  /** Suggested seconds, when the file sets one. */
  time?: number;
  keyPoints: string[];
  /** Per key point (same order), other wordings an answer may use; empty when the file gives none. */
  keyPointAliases: string[][];
  choices: Choice[];
  /** Choice questions: whether the options may be shown in a new order each time (false: always the file's order). */
  shuffle: boolean;
  followUps: string[];
  /** Nudges the user may reveal one at a time while answering. */
  hints: string[];
  prompt: string;
  answer: string;
  source: SourceLocation;
}

/** What listing and counting need of a question: no text, so it loads fast from the bank cache. */
export type QuestionSummary = Pick<Question, 'id' | 'topic' | 'difficulty' | 'type' | 'tags'>;

export interface Topic {
  id: string;
  title: string;
  description: string;
}

export type Severity = 'error' | 'warning';

/** One problem found in a question file; the validator's reporters only format these. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  rule: string;
  message: string;
}

/** Topics files are read for topic ids, never as questions. */
export const TOPICS_FILE_NAMES = ['topics.yaml', 'topics.yml'];

export function finding(file: string, pos: { line: number; column: number }, rule: string, message: string, severity: Severity = 'error'): Finding {
  return { file, line: pos.line, column: pos.column, severity, rule, message };
}

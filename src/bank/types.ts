import type { CODE_LANGUAGES, DIFFICULTIES, QUESTION_TYPES } from './schema.js';

export type Difficulty = (typeof DIFFICULTIES)[number];
export type QuestionType = (typeof QUESTION_TYPES)[number];
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

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
  /** Runnable exercises: the stub the user fills in and the tests that grade it. */
  code?: CodeExercise;
}

/** One test of a runnable exercise. */
export interface CodeCase {
  name: string;
  /** Python: the expression that calls the user's code. */
  call?: string;
  /** Python: an expression for the expected value. SQL: the expected rows. */
  expect?: string | unknown[][];
  /** Python: a doctest run against the user's code, instead of call and expect. */
  doctest?: string;
  /** Not shown in the prompt. */
  hidden: boolean;
  tolerance?: number;
  /** SQL: tables for this case instead of the exercise's own fixtures. */
  fixtures?: string;
  /** Line of the case in its file, for findings about it. */
  line: number;
}

export interface CodeExercise {
  language: CodeLanguage;
  stub: string;
  /** Python run before each case (imports, inputs). */
  setup?: string;
  /** SQL that creates and fills the tables. */
  fixtures?: string;
  /** A Python test file: its test_* functions are the tests, instead of cases. */
  file?: string;
  cases: CodeCase[];
  tolerance: number;
  /** SQL: whether row order is part of the answer. */
  ordered: boolean;
  /** Wall-time limit of one run, in seconds. */
  timeLimit?: number;
  /** Line of the tests field, for findings about the exercise as a whole. */
  line: number;
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

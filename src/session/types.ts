import type { Difficulty, QuestionType } from '../bank/types.js';

export type SessionMode = 'quiz' | 'cram' | 'weak' | 'review' | 'mock';

/** What the user asked for, kept with the session so it can be read (and replayed with the seed) later. */
export interface SessionFilters {
  topics?: string[];
  difficulties?: Difficulty[];
  tags?: string[];
  type?: QuestionType;
  count?: number;
  seed?: number;
  /** Seconds per question when --time was given. */
  time?: number;
  timer?: boolean;
  banks?: string[];
  minutes?: number;
  /** quiz --flagged: only questions the user flagged. */
  flagged?: boolean;
}

/**
 * answered: graded. timed-out: the clock closed it (score 0). not-reached: a mock interview ended first.
 * ungraded: answered, but the session was stopped before the user ticked its key points; not scored.
 */
export type ResultStatus = 'answered' | 'timed-out' | 'not-reached' | 'ungraded';

/** Whether a result carries a grade (counts in scores, statistics and the review schedule). */
export function isGraded(result: Pick<ResultRecord, 'status'>): boolean {
  return result.status !== 'not-reached' && result.status !== 'ungraded';
}

export interface ResultRecord {
  questionId: string;
  topic: string;
  difficulty: Difficulty;
  type: QuestionType;
  /** 0..1 */
  score: number;
  timeSeconds: number;
  timedOut: boolean;
  status: ResultStatus;
  /** Seconds allowed for this question, when it was timed. */
  limitSeconds?: number;
  /** Open questions: what the user typed. */
  answer?: string;
  /** Open questions: indices of the key points the user ticked. */
  keyPointsCovered?: number[];
  keyPointsTotal?: number;
  /** Choice questions: indices of the options picked, in the question file's order (whatever order they were shown in). */
  picked?: number[];
  /** Open questions: the key points the offline matcher suggested (indices), before the user ticked. */
  keyPointsSuggested?: number[];
  /** 'ai' when a model's verdicts (evidence checked) made keyPointsSuggested; absent for the offline matcher. */
  keyPointsSuggestedBy?: 'ai';
  /** Open questions graded with a model: its two or three sentences of interviewer feedback. */
  feedback?: string;
  /** Mock interviews with a model: the follow-up question asked after the answer, and the reply to it. */
  followUp?: FollowUpRecord;
  /** Hints revealed before answering; a hinted answer counts for less in the review schedule. */
  hintsUsed?: number;
  /** Runnable exercises whose code was run: tests the last run passed, of how many. */
  testsPassed?: number;
  testsTotal?: number;
}

export interface FollowUpRecord {
  question: string;
  answer: string;
  /** The interview clock ran out while the follow-up was being answered. */
  timedOut?: boolean;
}

/** A result's follow-up when it is stored in the written shape (a hand edit or an import may hold anything). */
export function followUpOf(result: Pick<ResultRecord, 'followUp'>): FollowUpRecord | undefined {
  const f: unknown = result.followUp;
  if (typeof f !== 'object' || f === null) return undefined;
  const { question, answer } = f as Record<string, unknown>;
  return typeof question === 'string' && typeof answer === 'string'
    ? { question, answer, ...((f as FollowUpRecord).timedOut === true ? { timedOut: true } : {}) }
    : undefined;
}

/** A result's model feedback when it is text. */
export function feedbackOf(result: Pick<ResultRecord, 'feedback'>): string | undefined {
  const f: unknown = result.feedback;
  return typeof f === 'string' && f.trim() ? f : undefined;
}

export interface SessionRecord {
  id: string;
  user: string;
  mode: SessionMode;
  startedAt: string;
  finishedAt: string;
  /** false when the session was interrupted (Ctrl-C) before the last question. */
  completed: boolean;
  filters: SessionFilters;
  /** Mean of the results' scores, 0..1; 0 when nothing was answered. */
  score: number;
  results: ResultRecord[];
  /** Mock interviews: the topics to study next and the key points missed in them, as the feedback said. */
  studyNext?: StudyItem[];
}

export interface StudyItem {
  topic: string;
  missed: string[];
}

/** The study advice of a stored session, or none when it is missing or not in the shape written (a hand edit). */
export function studyNextOf(session: Pick<SessionRecord, 'studyNext'>): StudyItem[] {
  const advice: unknown = session.studyNext;
  if (!Array.isArray(advice)) return [];
  return advice.filter(
    (item): item is StudyItem =>
      typeof item === 'object' &&
      item !== null &&
      typeof item.topic === 'string' &&
      Array.isArray(item.missed) &&
      item.missed.every((m: unknown) => typeof m === 'string'),
  );
}

import type { Difficulty, Question, QuestionType } from '../bank/types.js';

/** Seconds a question gets when neither the file nor --time says. */
export const DEFAULT_SECONDS: Record<QuestionType, Record<Difficulty, number>> = {
  open: { beginner: 120, intermediate: 240, advanced: 360 },
  choice: { beginner: 45, intermediate: 60, advanced: 90 },
};

/** Runnable exercises are written, run and fixed, as in a coding round: 6, 10 or 15 minutes. */
export const DEFAULT_CODE_SECONDS: Record<Difficulty, number> = { beginner: 360, intermediate: 600, advanced: 900 };

/** The time limit for one question: --time, else the question's own `time`, else the default; none without a timer. */
export function timeLimitFor(question: Question, options: { time?: number; timer?: boolean }): number | undefined {
  if (options.timer === false) return undefined;
  const fallback = question.code ? DEFAULT_CODE_SECONDS[question.difficulty] : DEFAULT_SECONDS[question.type][question.difficulty];
  return options.time ?? question.time ?? fallback;
}

/** 125 -> "2:05" */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** Elapsed seconds between two clock readings (ms), to one decimal, never negative even if the clock moved back. */
export function elapsedSeconds(startMs: number, endMs: number): number {
  return Math.max(0, Math.round((endMs - startMs) / 100) / 10);
}

import { stringify } from 'csv-stringify/sync';
import type { ExportData } from './model.js';

export const CSV_COLUMNS = [
  'session_id',
  'session_started_at',
  'session_mode',
  'session_completed',
  'question_id',
  'topic',
  'difficulty',
  'type',
  'status',
  'score',
  'time_seconds',
  'limit_seconds',
  'timed_out',
  'key_points_covered',
  'key_points_total',
  'picked',
  'answer',
  'note',
  'hints_used',
  'key_points_suggested',
  'tests_passed',
  'tests_total',
] as const;

/** One row per question of every exported session. */
export function exportCsv(data: ExportData): string {
  return [...csvChunks(data)].join('');
}

// Cells a spreadsheet would run as formulas (=, +, -, @) get a leading quote: answers can come from imports.
const OPTIONS = { columns: [...CSV_COLUMNS], cast: { boolean: (b: boolean) => String(b) }, escape_formulas: true };

/** The header, then each session's rows, so a large export is written as it is made. */
export function* csvChunks(data: ExportData): Generator<string> {
  yield stringify([], { ...OPTIONS, header: true });
  for (const s of data.streamed?.sessions ?? data.sessions) {
    const rows = s.results.map((r) => [
      s.id,
      s.startedAt,
      s.mode,
      s.completed,
      r.questionId,
      r.topic,
      r.difficulty,
      r.type,
      r.status,
      r.score,
      r.timeSeconds,
      r.limitSeconds ?? '',
      r.timedOut,
      r.keyPointsCovered?.length ?? '',
      r.keyPointsTotal ?? '',
      // By the option's text (options are shown in a new order each time, so a letter would mean nothing).
      r.picked?.map((i) => data.questions.get(r.questionId)?.choices[i]?.text ?? `option ${i + 1}`).join(' | ') ?? '',
      r.answer ?? '',
      data.notes?.get(r.questionId) ?? '',
      r.hintsUsed ?? 0,
      r.keyPointsSuggested?.length ?? '',
      r.testsPassed ?? '',
      r.testsTotal ?? '',
    ]);
    if (rows.length) yield stringify(rows, { ...OPTIONS, header: false });
  }
}

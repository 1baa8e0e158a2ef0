// The data every export format formats: the chosen sessions and the questions they refer to.
import { choiceVerdict } from '../score.js';
import type { Question } from '../../bank/types.js';
import { summarizeSession, type SessionSummary } from '../../session/summarize.js';
import type { ResultRecord, SessionRecord } from '../../session/types.js';

/** Version of the JSON export (and of the session records it carries). */
export const EXPORT_SCHEMA_VERSION = 1;

export interface ExportData {
  user: string;
  generatedAt: string;
  sessions: SessionRecord[];
  /** Questions by id, for prompts and model answers; a question no longer in the bank is simply absent. */
  questions: ReadonlyMap<string, Question>;
  /** The user's notes by question id. */
  notes?: ReadonlyMap<string, string>;
  /**
   * For an HTML or CSV report of a long history: the sessions read one at a time (in place of `sessions`), how many
   * there are, and the overall figures of all their results, so the whole history is never in memory at once.
   */
  streamed?: { count: number; overall: SessionSummary; sessions: Iterable<SessionRecord> };
}

export interface ExportedResult {
  result: ResultRecord;
  question?: Question;
}

export function resultsOf(data: ExportData, session: SessionRecord): ExportedResult[] {
  return session.results.map((result) => {
    const question = data.questions.get(result.questionId);
    return question ? { result, question } : { result };
  });
}

export function summaryOf(session: SessionRecord): SessionSummary {
  return summarizeSession(session);
}

/**
 * All results of all sessions, for the overall figures of a report: scored as one session is (questions a mock never
 * reached count as 0), so a one-session report's average is that session's score.
 */
export function overallSummary(data: ExportData): SessionSummary {
  if (data.streamed) return data.streamed.overall;
  return summarizeSession({ results: data.sessions.flatMap((s) => s.results) });
}

export function statusLabel(result: ResultRecord): string {
  if (result.status === 'not-reached') return 'not reached';
  if (result.status === 'ungraded') return 'not graded';
  if (result.timedOut) return 'timed out';
  return result.type === 'choice' ? choiceVerdict(result.score) : 'answered';
}

/** "2026-11-27 07:10 UTC" */
export function displayTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** "3 of 4 passed" for a runnable exercise graded by its tests. */
export function testsLine(result: Pick<ResultRecord, 'testsPassed' | 'testsTotal'>): string {
  return `${result.testsPassed ?? 0} of ${result.testsTotal ?? 0} passed`;
}

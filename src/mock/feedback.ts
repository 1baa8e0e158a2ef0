// What a mock interview's results say to study next: the key points each answer missed, gathered by topic.
import type { Question } from '../bank/types.js';
import { isGraded, type ResultRecord, type StudyItem } from '../session/types.js';

/**
 * Key points a result did not show: unticked ones, or all of them for a wrong pick or a timeout. Questions not
 * reached or not graded show nothing either way, so they never drive the advice.
 */
export function missedKeyPoints(result: ResultRecord, question: Question | undefined): string[] {
  if (!question || !isGraded(result)) return [];
  if (result.type === 'open' && result.status === 'answered' && result.testsTotal === undefined) {
    const covered = new Set(result.keyPointsCovered ?? []);
    return question.keyPoints.filter((_, i) => !covered.has(i));
  }
  return result.score >= 1 ? [] : question.keyPoints;
}

/** The two topics with the most missed key points, each with what was missed. */
export function studyNext(results: readonly ResultRecord[], questions: ReadonlyMap<string, Question>, count = 2): StudyItem[] {
  const byTopic = new Map<string, string[]>();
  for (const r of results) {
    const missed = missedKeyPoints(r, questions.get(r.questionId));
    if (missed.length) byTopic.set(r.topic, (byTopic.get(r.topic) ?? []).concat(missed));
  }
  return [...byTopic]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([topic, missed]) => ({ topic, missed }));
}

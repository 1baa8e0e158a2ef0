// Mock-interview feedback, as an interviewer would give it: per question what was covered and missed and the
// time against its budget, then the two things to study next.
import { choiceVerdict } from './score.js';
import type { ChalkInstance } from 'chalk';
import type { Question } from '../bank/types.js';
import { studyNext } from '../mock/feedback.js';
import { formatClock } from '../session/timing.js';
import { feedbackOf, followUpOf, isGraded, studyNextOf, type SessionRecord } from '../session/types.js';
import { hanging, suggestCommand } from './wrap.js';
import { safeText } from './terminal-text.js';

export function formatMockFeedback(
  session: SessionRecord,
  questions: ReadonlyMap<string, Question>,
  view: { color: ChalkInstance; width: number; userFlag?: string },
): string {
  const c = view.color;
  const lines = [c.bold.underline('Interviewer feedback')];
  session.results.forEach((r, i) => {
    const q = questions.get(r.questionId);
    const budget = r.limitSeconds !== undefined ? ` of ${formatClock(r.limitSeconds)}` : '';
    const status =
      r.status === 'not-reached' ? c.red('not reached') : `${r.timedOut ? c.red('ran out of time') : 'answered'} in ${formatClock(r.timeSeconds)}${budget}`;
    const grade =
      r.status === 'not-reached'
        ? ''
        : r.status === 'ungraded'
          ? ' · not graded'
          : r.testsTotal !== undefined
            ? ` · ${r.testsPassed ?? 0}/${r.testsTotal} tests passed`
            : r.type === 'open'
              ? ` · ${r.keyPointsCovered?.length ?? 0}/${r.keyPointsTotal ?? 0} key points`
              : ` · ${choiceVerdict(r.score)}`;
    lines.push('', hanging(`${c.bold(`${i + 1}. ${r.questionId}`)} ${c.dim(`(${r.topic})`)} · ${status}${grade}`, 3, view));
    if (q && r.type === 'open' && isGraded(r) && r.testsTotal === undefined) {
      const covered = new Set(r.keyPointsCovered ?? []);
      // "   ✔ covered  " is 14 columns: wrapped lines of a key point continue under its first word.
      for (const [j, p] of q.keyPoints.entries())
        lines.push(`   ${covered.has(j) ? c.green('✔ covered') : c.red('✘ missed ')}  ${hanging(safeText(p), 14, view)}`);
    }
    const followUp = followUpOf(r);
    if (followUp) {
      lines.push(`   ${hanging(`${c.bold('Follow-up:')} ${safeText(followUp.question)}`, 3, view)}`);
      const reply = followUp.answer.replace(/\s+/g, ' ').trim();
      lines.push(
        `   ${hanging(`${c.dim('You:')} ${reply ? safeText(reply) : c.dim('(no answer)')}${followUp.timedOut ? c.red(' (time ran out)') : ''}`, 3, view)}`,
      );
    }
    const feedback = feedbackOf(r);
    if (feedback) lines.push(`   ${hanging(`${c.bold('Model:')} ${safeText(feedback)}`, 3, view)}`);
  });
  // The advice saved with the session, so the feedback and the exports say the same.
  const study = session.studyNext ? studyNextOf(session) : studyNext(session.results, questions);
  lines.push('', c.bold('Study next'));
  if (study.length === 0) {
    const ungraded = session.results.some((r) => r.status === 'ungraded');
    lines.push(ungraded ? '  Nothing missed among the answers you graded.' : '  Nothing missed. Try a longer mock, or harder topics.');
  }
  study.forEach((item, i) => {
    lines.push(`  ${hanging(`${i + 1}. ${c.bold(safeText(item.topic))}: ${suggestCommand(`mle-prep quiz --topic ${item.topic}`, view.userFlag)}`, 5, view)}`);
    for (const point of item.missed.slice(0, 2)) lines.push(`     - ${hanging(safeText(point), 7, view)}`);
  });
  return lines.join('\n');
}

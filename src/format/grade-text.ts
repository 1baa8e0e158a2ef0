// `grade` as text and JSON: per key point, whether the answer looks like it covers it, how sure, and the evidence.
import type { ChalkInstance } from 'chalk';
import type { KeyPointSuggestion } from '../grading/suggest.js';
import { safeText } from './terminal-text.js';
import { formatModelFeedback } from './model-feedback.js';
import { hanging } from './wrap.js';

/** What a configured model added: its feedback (null when it could not be asked) and its name. */
export interface ModelPart {
  feedback: string | null;
  model: string;
}

export function formatGradeJson(id: string, suggestions: readonly KeyPointSuggestion[], ai?: ModelPart): string {
  const keyPoints = suggestions.map((s) => ({
    index: s.index,
    text: s.text,
    covered: s.covered,
    confidence: s.confidence,
    evidence: s.evidence ?? null,
    ...(ai ? { source: s.source ?? 'offline' } : {}),
  }));
  return `${JSON.stringify({ id, keyPoints, ...(ai ? { feedback: ai.feedback, model: ai.model } : {}) }, null, 2)}\n`;
}

export function formatGradeText(id: string, suggestions: readonly KeyPointSuggestion[], view: { color: ChalkInstance; width: number }, ai?: ModelPart): string {
  const c = view.color;
  const covered = suggestions.filter((s) => s.covered).length;
  const lines = [hanging(`${c.bold(safeText(id))}: ${covered} of ${suggestions.length} key points look covered`, 2, view), ''];
  for (const s of suggestions) {
    const mark = s.covered ? c.green('✔') : c.dim('·');
    lines.push(`${mark} ${s.confidence.toFixed(2)}  ${hanging(safeText(s.text), 8, view)}`);
    if (s.covered && s.evidence) lines.push(`        ${c.dim(hanging(`“${safeText(s.evidence)}”`, 8, view))}`);
  }
  if (ai?.feedback) lines.push('', formatModelFeedback(ai.feedback, ai.model, view));
  const how = suggestions.some((s) => s.source === 'ai')
    ? `Suggestions only: ${safeText(ai!.model)}'s verdicts, each kept only when the sentence it quotes is in the answer.`
    : 'Suggestions only: words of the answer matched to each key point.';
  lines.push('', c.dim(hanging(`${how} Your own judgement is the grade.`, 0, view)));
  return `${lines.join('\n')}\n`;
}

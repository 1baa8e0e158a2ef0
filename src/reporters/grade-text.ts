// `grade` as text and JSON: per key point, whether the answer looks like it covers it, how sure, and the evidence.
import type { ChalkInstance } from 'chalk';
import type { KeyPointSuggestion } from '../grading/suggest.js';
import { safeText } from '../ui/terminal-text.js';
import { hanging } from '../ui/wrap.js';

export function formatGradeJson(id: string, suggestions: readonly KeyPointSuggestion[]): string {
  const keyPoints = suggestions.map((s) => ({ index: s.index, text: s.text, covered: s.covered, confidence: s.confidence, evidence: s.evidence ?? null }));
  return `${JSON.stringify({ id, keyPoints }, null, 2)}\n`;
}

export function formatGradeText(id: string, suggestions: readonly KeyPointSuggestion[], view: { color: ChalkInstance; width: number }): string {
  const c = view.color;
  const covered = suggestions.filter((s) => s.covered).length;
  const lines = [hanging(`${c.bold(safeText(id))}: ${covered} of ${suggestions.length} key points look covered`, 2, view), ''];
  for (const s of suggestions) {
    const mark = s.covered ? c.green('✔') : c.dim('·');
    lines.push(`${mark} ${s.confidence.toFixed(2)}  ${hanging(safeText(s.text), 8, view)}`);
    if (s.covered && s.evidence) lines.push(`        ${c.dim(hanging(`“${safeText(s.evidence)}”`, 8, view))}`);
  }
  lines.push('', c.dim(hanging('Suggestions only: words of the answer matched to each key point. Your own judgement is the grade.', 0, view)));
  return `${lines.join('\n')}\n`;
}

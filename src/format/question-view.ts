// How a question and its model answer look in the terminal, shared by `show`, `quiz`, `review` and `mock`.
import { percent } from './score.js';
import type { ChalkInstance } from 'chalk';
import type { Question } from '../bank/types.js';
import type { ResultRecord } from '../session/types.js';
import { hanging, indentedBlock } from './wrap.js';
import { renderMarkdown } from './markdown.js';
import { safeText } from './terminal-text.js';

export interface ViewOptions {
  color: ChalkInstance;
  width: number;
  /** Markdown already lexed (built with the package), by its text. */
  lexed?: ReadonlyMap<string, unknown[]>;
}

const markdown = (text: string, view: ViewOptions) => renderMarkdown(text, { width: view.width, color: view.color.level > 0, tokens: view.lexed?.get(text) });

export function formatQuestionMeta(question: Question, view: ViewOptions): string {
  const c = view.color;
  const level = { beginner: c.green, intermediate: c.yellow, advanced: c.red }[question.difficulty](question.difficulty);
  const kind = question.type === 'choice' ? 'multiple choice' : 'open';
  // At most three tags, so the line fits beside the time limit.
  const shown = question.tags.slice(0, 3).map(safeText);
  const tags = shown.length ? c.dim(`  #${shown.join(' #')}${question.tags.length > 3 ? ' …' : ''}`) : '';
  return `${c.cyan(safeText(question.topic))} · ${level} · ${kind}${tags}`;
}

export function formatPrompt(question: Question, view: ViewOptions): string {
  return markdown(question.prompt, view);
}

/** Code spans in a short text (an option) as the model answer shows them: coloured, without the backticks. */
export function inlineCode(text: string, color: ChalkInstance): string {
  return text.replace(/`([^`\n]+)`/g, (_, code: string) => color.yellow(code));
}

/** The options with their explanations, in the order they were shown (`order`: indices into the choices). */
export function formatChoices(question: Question, view: ViewOptions, picked?: ReadonlySet<number>, order?: readonly number[]): string {
  const c = view.color;
  return (order ?? question.choices.map((_, i) => i))
    .map((i, shown) => {
      const choice = question.choices[i]!;
      const letter = String.fromCharCode(65 + shown);
      const mark = choice.correct ? c.green('✔') : picked?.has(i) ? c.red('✘') : ' ';
      const chosen = picked?.has(i) ? c.bold(' ← your pick') : '';
      const text = hanging(`${inlineCode(safeText(choice.text), c)}${chosen}`, 7, view);
      const why = choice.explanation ? `\n       ${c.dim(hanging(inlineCode(safeText(choice.explanation), c), 7, view))}` : '';
      return `  ${mark} ${letter}. ${text}${why}`;
    })
    .join('\n');
}

export function formatModelAnswer(question: Question, view: ViewOptions): string {
  const c = view.color;
  const parts = [c.bold.underline(question.type === 'choice' ? 'Explanation' : 'Model answer'), markdown(question.answer, view)];
  if (question.followUps.length) {
    parts.push(`${c.bold('Follow-up questions')}\n${question.followUps.map((f) => `  • ${hanging(safeText(f), 4, view)}`).join('\n')}`);
  }
  return parts.join('\n\n');
}

/** What the user answered the last time this question came up, and which key points (or options) they missed. */
export function formatLastTime(question: Question, last: ResultRecord, view: ViewOptions): string {
  const c = view.color;
  const lines = [c.bold('Last time')];
  if (last.timedOut) lines.push(`  ${c.red('Time ran out')} (${percent(last.score)}).`);
  if (question.type === 'choice') {
    const picks = (last.picked ?? []).map((i) => question.choices[i]?.text).filter((t): t is string => t !== undefined);
    lines.push(
      `  ${hanging(`You picked: ${picks.length ? picks.map((t) => inlineCode(safeText(t), c)).join('; ') : '(nothing)'} (${last.score >= 1 ? c.green('right') : c.red('not right')})`, 2, view)}`,
    );
    return lines.join('\n');
  }
  const answer = (last.answer ?? '').trim();
  lines.push(answer ? indentedBlock(safeText(answer), 2, view) : `  ${c.dim('(no answer)')}`);
  const covered = new Set(last.keyPointsCovered ?? []);
  const missed = question.keyPoints.filter((_, i) => !covered.has(i));
  if (last.status === 'answered' || last.status === 'timed-out') {
    lines.push(missed.length ? `  ${c.dim('Missed then:')}` : `  ${c.green('You covered every key point then.')}`);
    for (const point of missed) lines.push(`  ${c.red('✘')} ${hanging(safeText(point), 4, view)}`);
  }
  return lines.join('\n');
}

/** The user's own note on a question, under its model answer. */
export function formatNote(note: string, view: ViewOptions): string {
  const c = view.color;
  return `${c.bold.yellow('Your note')}\n  ${hanging(safeText(note), 2, view)}`;
}

export function formatKeyPoints(question: Question, view: ViewOptions, covered?: ReadonlySet<number>): string {
  const c = view.color;
  const lines = question.keyPoints.map((point, i) => {
    const mark = covered === undefined ? '•' : covered.has(i) ? c.green('✔') : c.red('✘');
    return `  ${mark} ${hanging(safeText(point), 4, view)}`;
  });
  return `${c.bold('Key points')}\n${lines.join('\n')}`;
}

// How a question and its model answer look in the terminal, shared by `show`, `quiz`, `review` and `mock`.
import type { ChalkInstance } from 'chalk';
import type { Question } from '../bank/types.js';
import { hanging } from './wrap.js';
import { renderMarkdown } from './markdown.js';
import { safeText } from './terminal-text.js';

export interface ViewOptions {
  color: ChalkInstance;
  width: number;
}

const markdown = (text: string, view: ViewOptions) => renderMarkdown(text, { width: view.width, color: view.color.level > 0 });

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


export function formatChoices(question: Question, view: ViewOptions, picked?: ReadonlySet<number>): string {
  const c = view.color;
  return question.choices
    .map((choice, i) => {
      const letter = String.fromCharCode(65 + i);
      const mark = choice.correct ? c.green('✔') : picked?.has(i) ? c.red('✘') : ' ';
      const chosen = picked?.has(i) ? c.bold(' ← your pick') : '';
      const text = hanging(`${safeText(choice.text)}${chosen}`, 7, view);
      const why = choice.explanation ? `\n       ${c.dim(hanging(safeText(choice.explanation), 7, view))}` : '';
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

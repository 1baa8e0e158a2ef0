// The self-grade: the user's own answer directly above the key-point checklist, the points the answer appears to
// cover ticked in advance with the sentence that supports each, and Tab to flip the panel to the model answer when
// both do not fit on the screen. The user's ticks are the grade.
import { createPrompt, isDownKey, isEnterKey, isSpaceKey, isUpKey, useKeypress, useState } from '@inquirer/core';
import type { ChalkInstance } from 'chalk';
import { safeText } from '../format/terminal-text.js';
import { hanging, indentedBlock } from '../format/wrap.js';

export interface GradeChecklistConfig {
  message: string;
  color: ChalkInstance;
  width: number;
  /** Terminal rows; the panel above the checklist takes what the checklist leaves. */
  rows: number;
  /** The user's answer, shown as typed (line breaks kept). */
  answer: string;
  /** The model answer, already rendered for the terminal. */
  modelAnswer: string;
  keyPoints: ReadonlyArray<{ text: string; suggested: boolean; evidence?: string }>;
  /** Who made the suggestions, when a model did (its name). */
  suggestedBy?: string;
}

type Panel = 'answer' | 'model';

/** One line, cut with an ellipsis to fit `width` columns. */
function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, Math.max(0, width - 1))}…`;
}

export const gradeChecklist = createPrompt<number[], GradeChecklistConfig>((config, done) => {
  const c = config.color;
  const view = { width: config.width };
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [active, setActive] = useState(0);
  const [ticked, setTicked] = useState<readonly number[]>(config.keyPoints.flatMap((p, i) => (p.suggested ? [i] : [])));
  const [panel, setPanel] = useState<Panel>('answer');
  const [offset, setOffset] = useState(0);
  const count = config.keyPoints.length;

  // The checklist: each point wrapped under its own text, a suggested one followed by its evidence.
  const itemLines = config.keyPoints.map((point, i) => {
    const box = ticked.includes(i) ? c.green('◉') : '◯';
    const cursor = i === active ? c.cyan('❯') : ' ';
    const text = hanging(safeText(point.text), 4, view);
    const lines = [`${cursor} ${box} ${i === active ? c.cyan(text) : text}`];
    if (point.suggested && point.evidence) lines.push(`    ${c.dim(oneLine(`“${safeText(point.evidence)}”`, Math.min(config.width, 100) - 5))}`);
    return lines.join('\n');
  });
  const checklistRows = itemLines.reduce((n, item) => n + item.split('\n').length, 0);

  const answerLines = config.answer.trim()
    ? indentedBlock(safeText(config.answer).replace(/^\n+|\s+$/g, ''), 2, view).split('\n')
    : [`  ${c.dim('(no answer)')}`];
  const modelLines = config.modelAnswer.split('\n').map((line) => (line ? `  ${line}` : line));
  const lines = panel === 'answer' ? answerLines : modelLines;
  const title = panel === 'answer' ? 'Your answer' : 'Model answer';
  const other = panel === 'answer' ? 'model answer' : 'your answer';
  const suggested = config.keyPoints.filter((p) => p.suggested).length;
  const question = hanging(
    `${c.cyan('?')} ${c.bold(config.message)}${c.dim(` (${suggested} suggested${config.suggestedBy ? ` by ${safeText(config.suggestedBy)}` : ''})`)}`,
    2,
    view,
  );
  const helpFor = (scroll: boolean) =>
    c.dim(hanging(`↑↓ move · Space tick/untick · Enter confirm · Tab ${other}${scroll ? ' · PgUp/PgDn scroll' : ''}`, 0, view));
  const height = (text: string) => text.split('\n').length;
  // Room for the panel: the screen less its title, the question, the checklist, the help and a spare line (a
  // prompt taller than the screen could not be redrawn in place).
  const room = Math.max(3, config.rows - 1 - height(question) - checklistRows - height(helpFor(true)) - 1);
  const clipped = lines.length > room;
  const shown = clipped ? room - 1 : lines.length;
  const maxOffset = Math.max(0, lines.length - shown);
  const start = Math.min(offset, maxOffset);

  useKeypress((key) => {
    if (status !== 'idle') return;
    if (isEnterKey(key)) {
      setStatus('done');
      done([...ticked].sort((a, b) => a - b));
    } else if (isUpKey(key)) setActive((active - 1 + count) % count);
    else if (isDownKey(key)) setActive((active + 1) % count);
    else if (isSpaceKey(key)) setTicked(ticked.includes(active) ? ticked.filter((i) => i !== active) : [...ticked, active]);
    else if (key.name === 'tab') {
      setPanel(panel === 'answer' ? 'model' : 'answer');
      setOffset(0);
    } else if (key.name === 'pagedown') setOffset(Math.min(maxOffset, start + Math.max(1, shown - 1)));
    else if (key.name === 'pageup') setOffset(Math.max(0, start - Math.max(1, shown - 1)));
  });

  if (status === 'done') return '';
  const body = lines.slice(start, start + shown);
  if (clipped) {
    const below = lines.length - start - shown;
    const where = [start > 0 ? `${start} lines above (PgUp)` : '', below > 0 ? `${below} more lines (PgDn)` : ''].filter(Boolean).join(' · ');
    body.push(c.dim(`  … ${where}`));
  }
  const head = `${c.bold(title)} ${c.dim(`(Tab: ${other})`)}`;
  return [`${head}\n${body.join('\n')}\n${question}\n${itemLines.join('\n')}`, helpFor(clipped)];
});

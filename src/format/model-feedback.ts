// A model's interviewer feedback as the terminal shows it: a heading naming the model (so it reads as the model's
// opinion, not the bank's), the text cleaned of control bytes and wrapped.
import type { ChalkInstance } from 'chalk';
import { safeText } from './terminal-text.js';
import { hanging } from './wrap.js';

export function formatModelFeedback(feedback: string, model: string | undefined, view: { color: ChalkInstance; width: number }): string {
  const c = view.color;
  const title = c.bold(`Interviewer feedback${model ? c.dim(` (${safeText(model)})`) : ''}`);
  return `${title}\n  ${hanging(safeText(feedback), 2, view)}`;
}

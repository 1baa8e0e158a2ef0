// Wrapping for the terminal: at word boundaries, never wider than the screen (capped at 100 columns for reading).
import { stripVTControlCharacters } from 'node:util';
import wrapAnsi from 'wrap-ansi';

export interface WidthOptions {
  width: number;
}

/** Wraps text to the view's width with every line after the first indented by `indent` spaces. */
export function hanging(text: string, indent: number, view: WidthOptions): string {
  const width = Math.max(30, Math.min(view.width, 100) - indent - 1);
  return wrapAnsi(text, width, { hard: true }).split('\n').join(`\n${' '.repeat(indent)}`);
}

/** How many columns a rendered table takes on screen: the visible length of its top border. */
export function tableWidth(rendered: string): number {
  const end = rendered.indexOf('\n');
  return stripVTControlCharacters(end === -1 ? rendered : rendered.slice(0, end)).length;
}

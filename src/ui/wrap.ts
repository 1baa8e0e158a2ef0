// Wrapping for the terminal: at word boundaries, never wider than the screen (capped at 100 columns for reading).
import wrapAnsi from 'wrap-ansi';

export interface WidthOptions {
  width: number;
}

/** Wraps text to the view's width with every line after the first indented by `indent` spaces. */
export function hanging(text: string, indent: number, view: WidthOptions): string {
  const width = Math.max(30, Math.min(view.width, 100) - indent - 1);
  return wrapAnsi(text, width, { hard: true }).split('\n').join(`\n${' '.repeat(indent)}`);
}

// Wrapping for the terminal: at word boundaries, never wider than the screen (capped at 100 columns for reading).
import { stripVTControlCharacters } from 'node:util';
import wrapAnsi from 'wrap-ansi';

export interface WidthOptions {
  width: number;
}

const NO_BREAK = '\u00a0';

/**
 * A command to suggest ("mle-prep quiz --cram"), held together so wrapping never splits it across lines; with the
 * profile when the user named one, so the command opens the same profile. `hanging` and `joinSpaces` turn the
 * held spaces back into plain ones.
 */
export function suggestCommand(command: string, user?: string): string {
  return (user ? `${command} --user ${user}` : command).replace(/ /g, NO_BREAK);
}

/** Plain spaces again where suggestCommand held words together (for text that is not wrapped). */
export function joinSpaces(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

/** Wraps text to the view's width with every line after the first indented by `indent` spaces. */
export function hanging(text: string, indent: number, view: WidthOptions): string {
  const width = Math.max(30, Math.min(view.width, 100) - indent - 1);
  return joinSpaces(
    wrapAnsi(text, width, { hard: true })
      .split('\n')
      .join(`\n${' '.repeat(indent)}`),
  );
}

/**
 * A block of the user's own text (an answer, code) indented by `indent` spaces on every line: each of its lines
 * wrapped at word boundaries, its line breaks and leading spaces kept.
 */
export function indentedBlock(text: string, indent: number, view: WidthOptions): string {
  const width = Math.max(20, Math.min(view.width, 100) - indent - 1);
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .flatMap((line) => {
      if (line.trim() === '') return [''];
      // A wrapped code line continues under its own indentation.
      const lead = /^\s*/.exec(line)![0].replace(/\t/g, '    ');
      const room = Math.max(10, width - lead.length);
      return wrapAnsi(line.trimStart(), room, { hard: true })
        .split('\n')
        .map((piece) => `${lead}${piece}`);
    })
    .map((line) => (line ? `${pad}${line.trimEnd()}` : ''))
    .join('\n');
}

/** How many columns a rendered table takes on screen: the visible length of its top border. */
export function tableWidth(rendered: string): number {
  const end = rendered.indexOf('\n');
  return stripVTControlCharacters(end === -1 ? rendered : rendered.slice(0, end)).length;
}

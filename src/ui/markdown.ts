import { Marked } from 'marked';
import { markedTerminal } from 'marked-terminal';
import stripAnsi from 'strip-ansi';
import { safeText } from './terminal-text.js';

const renderers = new Map<string, Marked>();

/** Markdown from a question file, rendered for a terminal of the given width; escape sequences in it never pass. */
export function renderMarkdown(markdown: string, options: { width: number; color: boolean }): string {
  const width = Math.max(40, Math.min(options.width, 100));
  const key = `${width}:${options.color}`;
  let marked = renderers.get(key);
  if (!marked) {
    marked = new Marked(
      markedTerminal({ width, reflowText: true, tab: 2, emoji: false, showSectionPrefix: !options.color }) as never,
    );
    renderers.set(key, marked);
  }
  const rendered = (marked.parse(safeText(markdown), { async: false }) as string).replace(/\n{3,}/g, '\n\n').trimEnd();
  return options.color ? rendered : stripAnsi(rendered);
}

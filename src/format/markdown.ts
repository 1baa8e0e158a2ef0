import { Marked, type Token, type Tokens } from 'marked';
import { markedTerminal } from 'marked-terminal';
import stripAnsi from 'strip-ansi';
import wrapAnsi from 'wrap-ansi';
import { safeText } from './terminal-text.js';

const renderers = new Map<string, Marked>();

/** Soft line breaks of the source become spaces (the text is re-wrapped); hard breaks (marked-terminal's \r) stay. */
function unbreak(text: string): string {
  return text.replace(/[ \t]*\n[ \t]*/g, ' ').replace(/\r/g, '\n');
}
const LIST_INDENT = 2;

/**
 * marked-terminal, with lists rendered here: its own list renderer drops inline formatting inside items and
 * mis-numbers ordered lists that hold a nested list (marked-terminal issue #371).
 */
function createRenderer(width: number, color: boolean): Marked {
  // Without colour, code is not highlighted at all (marked-terminal would, by its own chalk, only for it to be
  // stripped): `plain` is read by the highlighter the build gives it (src/format/code-highlight.ts).
  const marked = new Marked(
    markedTerminal({ width, reflowText: true, tab: LIST_INDENT, emoji: false, showSectionPrefix: !color }, (color ? {} : { plain: true }) as never) as never,
  );
  let depth = 0;
  marked.use({
    renderer: {
      text(token) {
        // Block-level text (a tight list item) carries inline tokens that marked-terminal would print raw.
        if (typeof token === 'object' && 'tokens' in token && token.tokens) return this.parser.parseInline(token.tokens);
        return false;
      },
      list(token: Tokens.List) {
        depth++;
        // One column is kept free: a line exactly as wide as the terminal makes some terminals wrap early.
        const available = Math.max(20, width - 1 - depth * (LIST_INDENT + 2));
        const items = token.items.map((item, i) => {
          const marker = token.ordered ? `${(typeof token.start === 'number' ? token.start : 1) + i}.` : '•';
          const hang = ' '.repeat(marker.length + 1);
          // Paragraphs are wrapped once here, to the width left inside the list; other blocks render as usual.
          const blocks = item.tokens
            .filter((t) => t.type !== 'space')
            .map((t) =>
              (t.type === 'text' || t.type === 'paragraph') && 'tokens' in t && t.tokens
                ? wrapAnsi(unbreak(this.parser.parseInline(t.tokens)), available, { hard: true })
                : this.parser.parse([t]).replace(/^\n+|\s+$/g, ''),
            );
          const body = blocks.join(item.loose ? '\n\n' : '\n').split('\n');
          return `${marker} ${body[0] ?? ''}${body
            .slice(1)
            .map((line) => (line ? `\n${hang}${line}` : '\n'))
            .join('')}`;
        });
        depth--;
        const indent = ' '.repeat(LIST_INDENT);
        const text = items
          .join('\n')
          .split('\n')
          .map((line) => (line ? indent + line : line))
          .join('\n');
        return depth === 0 ? `${text}\n\n` : `\n${text}`;
      },
    },
  });
  return marked;
}

function rendererFor(width: number, color: boolean): Marked {
  const key = `${width}:${color}`;
  let marked = renderers.get(key);
  if (!marked) {
    marked = createRenderer(width, color);
    renderers.set(key, marked);
  }
  return marked;
}

/** A token without its `raw` source text, which only the lexer reads: half the size, stored. */
function withoutRaw(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRaw);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, item]) => (key === 'raw' ? [] : [[key, withoutRaw(item)]])));
}

/**
 * Markdown from a question file as the renderer's lexer reads it, for the package build to store: rendering these
 * tokens later gives the same text as rendering the Markdown, without lexing it again.
 */
export function lexMarkdown(markdown: string): unknown[] {
  return withoutRaw(rendererFor(80, false).lexer(safeText(markdown))) as unknown[];
}

/** Lexed Markdown rendered; undefined when the tokens are not what the renderer expects (a damaged file). */
function fromTokens(marked: Marked, tokens: unknown[]): string | undefined {
  try {
    return marked.parser(tokens as Token[]);
  } catch {
    return undefined;
  }
}

/**
 * Markdown from a question file, rendered for a terminal of the given width; escape sequences in it never pass.
 * `tokens`, when given, are what lexMarkdown gave for this same text, and spare the lexing.
 */
export function renderMarkdown(markdown: string, options: { width: number; color: boolean; tokens?: unknown[] }): string {
  const marked = rendererFor(Math.max(40, Math.min(options.width, 100)), options.color);
  const text = (options.tokens && fromTokens(marked, options.tokens)) ?? (marked.parse(safeText(markdown), { async: false }) as string);
  const rendered = text.replace(/\n{3,}/g, '\n\n').trimEnd();
  return options.color ? rendered : stripAnsi(rendered);
}

// The terminal text of \`list\`: the table of counts per topic, and the ids grouped under their topics.
import type { ChalkInstance } from 'chalk';
import { DIFFICULTIES } from '../bank/schema.js';
import type { QuestionSummary, Topic } from '../bank/types.js';
import type { TopicCount } from '../bank/counts.js';
import { plural } from '../lib/plural.js';
import { safeText } from './terminal-text.js';
import { hanging, joinSpaces, suggestCommand, tableWidth } from './wrap.js';

/** Where the text goes: its colours, and the terminal's width when it is one. */
export interface TextView {
  color: ChalkInstance;
  isTTY: boolean;
  columns: number;
}

/** The counts per topic and level, fitted to the terminal; a pipe gets every column. */
export function formatTopicTable(rows: readonly TopicCount[], io: TextView, Table: typeof import('cli-table3')): string {
  const total = rows.reduce((sum, r) => sum + r.total, 0);
  const c = io.color;
  // In a terminal, the titles only where there is room for them beside the counts (the full table is about 92
  // columns); a pipe gets everything.
  const withTitles = !io.isTTY || io.columns >= 92;
  const render = (levels: readonly string[]) => {
    const table = new Table({
      head: ['topic', ...(withTitles ? ['title'] : []), ...levels, 'total'].map((h) => c.bold(h)),
      colAligns: ['left', ...(withTitles ? (['left'] as const) : []), 'right', 'right', 'right', 'right'],
      style: { head: [], border: [], compact: true },
    });
    for (const r of rows)
      table.push([c.cyan(r.id), ...(withTitles ? [safeText(r.title)] : []), r.beginner, r.intermediate, r.advanced, c.bold(String(r.total))]);
    return table.toString();
  };
  // In a narrow terminal the level headers, which set their columns' widths, are shortened until the table fits
  // with a column to spare: first the longest one (below 66 columns), then all three (below 61).
  const headers = [DIFFICULTIES, ['beginner', 'interm.', 'advanced'], ['beg.', 'int.', 'adv.']];
  const fits = (table: string) => !io.isTTY || tableWidth(table) < io.columns;
  let text = render(headers[0]!);
  for (const levels of headers.slice(1)) if (!fits(text)) text = render(levels);
  const footer = `${plural(total, 'question')} in ${plural(rows.length, 'topic')}. Start with: ${suggestCommand(`mle-prep quiz --topic ${rows[0]?.id ?? '<topic>'}`)}`;
  return `${text}\n${io.isTTY ? hanging(footer, 2, { width: io.columns }) : joinSpaces(footer)}\n`;
}

/** Question ids grouped under their topics, with as many of the level and type columns as the width fits. */
export function formatIdList(questions: readonly QuestionSummary[], topics: readonly Topic[], io: TextView): string {
  // Grouped under their topic, without a topic column or borders: the longest ids are about 50 characters, and
  // this way a line stays within 80 columns. Ids and topics are plain [a-z0-9-], so padding aligns them.
  // Topics in the bank's order, as in the table of counts.
  const order = new Map(topics.map((t, i) => [t.id, i]));
  const sorted = [...questions].sort(
    (a, b) => (order.get(a.topic) ?? order.size) - (order.get(b.topic) ?? order.size) || a.topic.localeCompare(b.topic) || a.id.localeCompare(b.id),
  );
  const c = io.color;
  const idWidth = Math.max(0, ...sorted.map((q) => q.id.length));
  const levelWidth = Math.max(...DIFFICULTIES.map((d) => d.length));
  // A terminal too narrow for all three columns gets the ids with as many of the others as fit.
  const room = io.isTTY ? io.columns - 1 : Infinity;
  const shown = 2 + idWidth + 2 + levelWidth + 2 + 'choice'.length <= room ? 3 : 2 + idWidth + 2 + levelWidth <= room ? 2 : 1;
  const lines: string[] = [];
  sorted.forEach((q, i) => {
    if (q.topic !== sorted[i - 1]?.topic) {
      const count = sorted.filter((other) => other.topic === q.topic).length;
      lines.push(...(i ? [''] : []), `${c.bold.cyan(q.topic)} ${c.dim(`(${count})`)}`);
    }
    const columns = [q.id.padEnd(idWidth), q.difficulty.padEnd(levelWidth), q.type].slice(0, shown);
    lines.push(`  ${columns.join('  ')}`.trimEnd());
  });
  return `${lines.join('\n')}\n`;
}

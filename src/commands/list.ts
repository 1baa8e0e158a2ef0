import { DIFFICULTIES } from '../bank/schema.js';
import type { QuestionSummary, Topic } from '../bank/types.js';
import { EXIT, UsageError } from '../errors.js';
import { filterProblems, matchesFilter } from '../session/select.js';
import type { CommandIO } from '../io.js';
import { plural } from '../lib/plural.js';
import { safeText } from '../format/terminal-text.js';
import { hanging, joinSpaces, suggestCommand, tableWidth } from '../format/wrap.js';
import { loadQuestionSummaries, type BankSelection } from '../services/bank.js';

export interface ListOptions extends BankSelection {
  json?: boolean;
  ids?: boolean;
  topic?: string[];
}

export interface TopicCount {
  id: string;
  title: string;
  description: string;
  total: number;
  beginner: number;
  intermediate: number;
  advanced: number;
  open: number;
  choice: number;
}

export function countByTopic(topics: Topic[], questions: QuestionSummary[]): TopicCount[] {
  const rows = new Map<string, TopicCount>(
    topics.map((t) => [t.id, { ...t, total: 0, beginner: 0, intermediate: 0, advanced: 0, open: 0, choice: 0 }]),
  );
  for (const q of questions) {
    const row = rows.get(q.topic);
    if (!row) continue;
    row.total++;
    row[q.difficulty]++;
    row[q.type]++;
  }
  return [...rows.values()];
}

export async function runList(options: ListOptions, io: CommandIO): Promise<number> {
  const bank = await loadQuestionSummaries(options, io);
  const problems = filterProblems({ topics: options.topic ?? [] }, bank.topics);
  if (problems.length) throw new UsageError(problems.join(' '));
  if (options.ids) return listIds(bank.questions.filter((q) => matchesFilter(q, { topics: options.topic ?? [] })), bank.topics, options, io);
  // --topic narrows the table as it narrows --ids.
  const rows = countByTopic(bank.topics, bank.questions).filter((r) => !options.topic?.length || options.topic.includes(r.id));
  const total = rows.reduce((sum, r) => sum + r.total, 0);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ total, topics: rows }, null, 2)}\n`);
    return EXIT.ok;
  }
  const c = io.stdout.color;
  const Table = await tableClass();
  // In a terminal, the titles only where there is room for them beside the counts (the full table is about 92
  // columns); a pipe gets everything.
  const withTitles = !io.stdout.isTTY || io.stdout.columns >= 92;
  const render = (levels: readonly string[]) => {
    const table = new Table({
      head: ['topic', ...(withTitles ? ['title'] : []), ...levels, 'total'].map((h) => c.bold(h)),
      colAligns: ['left', ...(withTitles ? (['left'] as const) : []), 'right', 'right', 'right', 'right'],
      style: { head: [], border: [], compact: true },
    });
    for (const r of rows) table.push([c.cyan(r.id), ...(withTitles ? [safeText(r.title)] : []), r.beginner, r.intermediate, r.advanced, c.bold(String(r.total))]);
    return table.toString();
  };
  // In a narrow terminal the level headers, which set their columns' widths, are shortened until the table fits
  // with a column to spare: first the longest one (below 66 columns), then all three (below 61).
  const headers = [DIFFICULTIES, ['beginner', 'interm.', 'advanced'], ['beg.', 'int.', 'adv.']];
  const fits = (table: string) => !io.stdout.isTTY || tableWidth(table) < io.stdout.columns;
  let text = render(headers[0]!);
  for (const levels of headers.slice(1)) if (!fits(text)) text = render(levels);
  const footer = `${plural(total, 'question')} in ${plural(rows.length, 'topic')}. Start with: ${suggestCommand(`mle-prep quiz --topic ${rows[0]?.id ?? '<topic>'}`)}`;
  io.stdout.write(`${text}\n${io.stdout.isTTY ? hanging(footer, 2, { width: io.stdout.columns }) : joinSpaces(footer)}\n`);
  return EXIT.ok;
}

/** The table library, loaded only for terminal output (JSON, the scripted case, never needs it). */
async function tableClass() {
  return (await import('cli-table3')).default;
}

function listIds(questions: QuestionSummary[], topics: Topic[], options: ListOptions, io: CommandIO): number {
  if (options.json) {
    const sorted = [...questions].sort((a, b) => a.topic.localeCompare(b.topic) || a.id.localeCompare(b.id));
    const rows = sorted.map(({ id, topic, difficulty, type, tags }) => ({ id, topic, difficulty, type, tags }));
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  if (questions.length === 0) {
    io.stdout.write(`No questions${options.topic?.length ? ` in ${options.topic.join(', ')}` : ''} yet.\n`);
    return EXIT.ok;
  }
  // Grouped under their topic, without a topic column or borders: the longest ids are about 50 characters, and
  // this way a line stays within 80 columns. Ids and topics are plain [a-z0-9-], so padding aligns them.
  // Topics in the bank's order, as in the table of counts.
  const order = new Map(topics.map((t, i) => [t.id, i]));
  const sorted = [...questions].sort((a, b) => (order.get(a.topic) ?? order.size) - (order.get(b.topic) ?? order.size) || a.topic.localeCompare(b.topic) || a.id.localeCompare(b.id));
  const c = io.stdout.color;
  const idWidth = Math.max(0, ...sorted.map((q) => q.id.length));
  const levelWidth = Math.max(...DIFFICULTIES.map((d) => d.length));
  // A terminal too narrow for all three columns gets the ids with as many of the others as fit.
  const room = io.stdout.isTTY ? io.stdout.columns - 1 : Infinity;
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
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

import { stripVTControlCharacters } from 'node:util';
import { DIFFICULTIES } from '../bank/schema.js';
import type { QuestionSummary, Topic } from '../bank/types.js';
import { EXIT, UsageError } from '../errors.js';
import { filterProblems, matchesFilter } from '../session/select.js';
import type { CommandIO } from '../io.js';
import { plural } from '../ui/plural.js';
import { safeText } from '../ui/terminal-text.js';
import { hanging } from '../ui/wrap.js';
import { loadQuestionSummaries, type BankSelection } from './load-questions.js';

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
  if (options.ids) return await listIds(bank.questions.filter((q) => matchesFilter(q, { topics: options.topic ?? [] })), options, io);
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
  let text = render(DIFFICULTIES);
  // Below about 62 columns the widest header is what overflows: it gets shortened.
  if (io.stdout.isTTY && stripVTControlCharacters(text.slice(0, text.indexOf('\n'))).length > io.stdout.columns) {
    text = render(DIFFICULTIES.map((d) => (d === 'intermediate' ? 'interm.' : d)));
  }
  const footer = `${plural(total, 'question')} in ${plural(rows.length, 'topic')}. Start with: mle-prep quiz --topic ${rows[0]?.id ?? '<topic>'}`;
  io.stdout.write(`${text}\n${io.stdout.isTTY ? hanging(footer, 2, { width: io.stdout.columns }) : footer}\n`);
  return EXIT.ok;
}

/** The table library, loaded only for terminal output (JSON, the scripted case, never needs it). */
async function tableClass() {
  return (await import('cli-table3')).default;
}

async function listIds(questions: QuestionSummary[], options: ListOptions, io: CommandIO): Promise<number> {
  const sorted = [...questions].sort((a, b) => a.topic.localeCompare(b.topic) || a.id.localeCompare(b.id));
  if (options.json) {
    const rows = sorted.map(({ id, topic, difficulty, type, tags }) => ({ id, topic, difficulty, type, tags }));
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  const c = io.stdout.color;
  const Table = await tableClass();
  const table = new Table({ head: ['id', 'topic', 'difficulty', 'type'].map((h) => c.bold(h)), style: { head: [], border: [], compact: true } });
  for (const q of sorted) table.push([q.id, q.topic, q.difficulty, q.type]);
  io.stdout.write(`${table.toString()}\n`);
  return EXIT.ok;
}

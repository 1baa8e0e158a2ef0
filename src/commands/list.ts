import type { QuestionSummary, Topic } from '../bank/types.js';
import { EXIT } from '../errors.js';
import { matchesFilter } from '../session/select.js';
import type { CommandIO } from '../io.js';
import { checkedFilter } from '../services/filters.js';
import { loadQuestionSummaries, type BankSelection } from '../services/bank.js';

export interface ListOptions extends BankSelection {
  json?: boolean;
  ids?: boolean;
  topic?: string[];
}

import { formatIdList, formatTopicTable } from '../format/list-text.js';
import { countByTopic } from '../bank/counts.js';

export async function runList(options: ListOptions, io: CommandIO): Promise<number> {
  const bank = await loadQuestionSummaries(options, io);
  const filter = checkedFilter({ ...(options.topic ? { topic: options.topic } : {}) }, bank.topics);
  if (options.ids)
    return listIds(
      bank.questions.filter((q) => matchesFilter(q, filter)),
      bank.topics,
      options,
      io,
    );
  // --topic narrows the table as it narrows --ids.
  const rows = countByTopic(bank.topics, bank.questions).filter((r) => !options.topic?.length || options.topic.includes(r.id));
  const total = rows.reduce((sum, r) => sum + r.total, 0);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ total, topics: rows }, null, 2)}\n`);
    return EXIT.ok;
  }
  const Table = (await import('cli-table3')).default;
  const view = { color: io.stdout.color, isTTY: io.stdout.isTTY, columns: io.stdout.columns };
  io.stdout.write(formatTopicTable(rows, view, Table));
  return EXIT.ok;
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
  io.stdout.write(formatIdList(questions, topics, { color: io.stdout.color, isTTY: io.stdout.isTTY, columns: io.stdout.columns }));
  return EXIT.ok;
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

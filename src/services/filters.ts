import type { Topic } from '../bank/types.js';
import { UsageError } from '../errors.js';
import { filterProblems, type QuestionFilter } from '../session/select.js';

/** The question filter options that quiz, list, export and stats share. */
export interface FilterOptions {
  topic?: string[];
  difficulty?: string[];
  tag?: string[];
  type?: string;
}

export function filterFromOptions(options: FilterOptions): QuestionFilter {
  return {
    ...(options.topic ? { topics: options.topic } : {}),
    ...(options.difficulty ? { difficulties: options.difficulty } : {}),
    ...(options.tag ? { tags: options.tag } : {}),
    ...(options.type ? { type: options.type } : {}),
  };
}

/** The filter the options ask for, once its topics, levels and tags are known to exist; a usage error names any that do not. */
export function checkedFilter(options: FilterOptions, topics: readonly Topic[]): QuestionFilter {
  const filter = filterFromOptions(options);
  const problems = filterProblems(filter, topics);
  if (problems.length) throw new UsageError(problems.join(' '));
  return filter;
}

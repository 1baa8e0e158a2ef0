import type { QuestionFilter } from '../session/select.js';

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

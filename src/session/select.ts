import { DIFFICULTIES, QUESTION_TYPES } from '../bank/schema.js';
import { didYouMean } from '../bank/suggest.js';
import type { QuestionSummary, QuestionType, Topic } from '../bank/types.js';
import { seededRandom, shuffled } from './random.js';

export interface QuestionFilter {
  topics?: readonly string[];
  difficulties?: readonly string[];
  tags?: readonly string[];
  type?: string;
}

/** Problems with the filter values themselves (unknown topic or level), as sentences for a usage error. */
export function filterProblems(filter: QuestionFilter, topics: readonly Topic[]): string[] {
  const problems: string[] = [];
  const topicIds = topics.map((t) => t.id);
  for (const topic of filter.topics ?? []) {
    if (!topicIds.includes(topic)) {
      problems.push(`unknown topic "${topic}"${didYouMean(topic, topicIds)}; valid topics: ${topicIds.join(', ')}.`);
    }
  }
  for (const level of filter.difficulties ?? []) {
    if (!(DIFFICULTIES as readonly string[]).includes(level)) {
      problems.push(`unknown difficulty "${level}"${didYouMean(level, DIFFICULTIES)}; valid levels: ${DIFFICULTIES.join(', ')}.`);
    }
  }
  if (filter.type !== undefined && !(QUESTION_TYPES as readonly string[]).includes(filter.type)) {
    problems.push(`unknown question type "${filter.type}"; valid types: ${QUESTION_TYPES.join(', ')}.`);
  }
  return problems;
}

export function matchesFilter(question: QuestionSummary, filter: QuestionFilter): boolean {
  const tags = filter.tags?.map((t) => t.toLowerCase());
  return (
    (!filter.topics?.length || filter.topics.includes(question.topic)) &&
    (!filter.difficulties?.length || filter.difficulties.includes(question.difficulty)) &&
    (!tags?.length || question.tags.some((t) => tags.includes(t.toLowerCase()))) &&
    (!filter.type || question.type === (filter.type as QuestionType))
  );
}

/** The questions matching the filter, shuffled by the seed, at most `count` of them. */
export function selectQuestions<Q extends QuestionSummary>(questions: readonly Q[], filter: QuestionFilter, count: number, seed: number): Q[] {
  const matching = questions.filter((q) => matchesFilter(q, filter));
  // Sorting by id first makes the order depend on the seed alone, not on file-system order.
  matching.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return shuffled(matching, seededRandom(seed)).slice(0, count);
}

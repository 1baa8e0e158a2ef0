import type { QuestionFilter } from '../session/select.js';

export function describeFilter(filter: QuestionFilter): string {
  const parts = [
    filter.topics?.length ? `topic ${filter.topics.join('/')}` : '',
    filter.difficulties?.length ? `difficulty ${filter.difficulties.join('/')}` : '',
    filter.tags?.length ? `tag ${filter.tags.join('/')}` : '',
    filter.type ? `type ${filter.type}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'any topic';
}

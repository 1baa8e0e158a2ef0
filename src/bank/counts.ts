import type { QuestionSummary, Topic } from './types.js';

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
  const rows = new Map<string, TopicCount>(topics.map((t) => [t.id, { ...t, total: 0, beginner: 0, intermediate: 0, advanced: 0, open: 0, choice: 0 }]));
  for (const q of questions) {
    const row = rows.get(q.topic);
    if (!row) continue;
    row.total++;
    row[q.difficulty]++;
    row[q.type]++;
  }
  return [...rows.values()];
}

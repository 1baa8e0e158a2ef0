// Exports and mock feedback of a runnable exercise graded by its tests: the tally shows, key points are not ticked.
import { Chalk } from 'chalk';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { exportCsv } from '../../src/format/export/csv.js';
import { exportHtml } from '../../src/format/export/html.js';
import { exportJson } from '../../src/format/export/json.js';
import { exportMarkdown } from '../../src/format/export/markdown.js';
import type { ExportData } from '../../src/format/export/model.js';
import { formatMockFeedback } from '../../src/format/mock-feedback.js';
import { missedKeyPoints } from '../../src/mock/feedback.js';
import type { ResultRecord, SessionRecord } from '../../src/session/types.js';
import { question } from '../helpers/questions.js';

const result: ResultRecord = {
  questionId: 'coding-ex',
  topic: 'coding',
  difficulty: 'intermediate',
  type: 'open',
  score: 0.75,
  timeSeconds: 300,
  timedOut: false,
  status: 'answered',
  answer: 'def f(x):\n    return 2 * x\n',
  testsPassed: 3,
  testsTotal: 4,
};
const session: SessionRecord = {
  id: 'c0de0000-0000-4000-8000-000000000001',
  user: 'ada',
  mode: 'mock',
  startedAt: '2026-11-20T09:00:00.000Z',
  finishedAt: '2026-11-20T09:45:00.000Z',
  completed: true,
  filters: {},
  score: 0.75,
  results: [result],
};
const exercise = question('coding-ex', { topic: 'coding', keyPoints: ['Doubles the input', 'Handles zero'] });
const data: ExportData = { user: 'ada', generatedAt: '2026-11-27T10:00:00.000Z', sessions: [session], questions: new Map([['coding-ex', exercise]]) };

describe('exports of a coding answer graded by its tests', () => {
  it('CSV has tests_passed and tests_total', () => {
    const rows = parseCsv(exportCsv(data), { columns: true }) as Array<Record<string, string>>;
    expect(rows[0]).toMatchObject({ tests_passed: '3', tests_total: '4', key_points_covered: '' });
  });

  it('Markdown and HTML show the tally and list the key points without ticks', () => {
    const md = exportMarkdown(data);
    expect(md).toContain('**Tests.** 3 of 4 passed');
    expect(md).toContain('- Doubles the input');
    expect(md).not.toContain('- [ ] Doubles the input');
    const html = exportHtml(data);
    expect(html).toContain('<strong>Tests</strong> 3 of 4 passed');
    expect(html).toContain('<li data-mark="•">Doubles the input</li>');
  });

  it('JSON keeps the tally on the result', () => {
    expect(JSON.parse(exportJson(data)).sessions[0].results[0]).toMatchObject({ testsPassed: 3, testsTotal: 4 });
  });

  it('mock feedback shows the tally; a partial pass counts every key point as to study', () => {
    const text = formatMockFeedback(session, new Map([['coding-ex', exercise]]), { color: new Chalk({ level: 0 }), width: 100 });
    expect(text).toContain('3/4 tests passed');
    expect(text).not.toContain('covered');
    expect(missedKeyPoints(result, exercise)).toEqual(exercise.keyPoints);
    expect(missedKeyPoints({ ...result, score: 1, testsPassed: 4 }, exercise)).toEqual([]);
  });
});

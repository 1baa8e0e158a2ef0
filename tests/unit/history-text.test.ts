import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { formatHistory } from '../../src/format/history-text.js';
import { fakeSession } from '../helpers/sessions.js';

const plain = new Chalk({ level: 0 });
const sessions = [
  fakeSession('a1b2c3d4-0000', '2026-11-13T08:00:00.000Z', 8),
  { ...fakeSession('e5f6a7b8-0000', '2026-11-12T08:00:00.000Z', 2), mode: 'review' as const, completed: false },
];
const view = (width?: number) => ({ color: plain, user: 'ada', total: 2, skipped: 0, ...(width ? { width } : {}) });
const widest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

describe('history as text', () => {
  it('fits a 60-column terminal with one line per session, leaving out the topics', () => {
    const text = formatHistory(sessions, view(60));
    expect(widest(text)).toBeLessThan(60);
    expect(text.split('\n').slice(0, 3)).toEqual([
      'id        started           mode     qs  score  time',
      'a1b2c3d4  2026-11-13 08:00  quiz      8    50%  4:28',
      'e5f6a7b8  2026-11-12 08:00  review*   2    50%  1:01',
    ]);
  });

  it('shows as many topics as the width allows, cut with an ellipsis, and all of them in a pipe', () => {
    const at80 = formatHistory(sessions, view(80)).split('\n');
    expect(Math.max(...at80.map((l) => l.length))).toBeLessThan(80);
    expect(at80[0]).toMatch(/ {2}topics$/);
    expect(at80[1]).toMatch(/ {2}mlops, serving, …$/);
    expect(formatHistory(sessions, view())).toContain('  mlops, serving, monitoring, ml-fundamentals\n');
  });

  it('says how many sessions there are, which are shown, and what the star means', () => {
    expect(formatHistory(sessions, view()).split('\n').slice(-2)).toEqual([
      '2 sessions for ada, newest first; times in UTC. * stopped before the last question.',
      '',
    ]);
    const page = formatHistory(sessions.slice(1), { ...view(), total: 30, skipped: 1 });
    expect(page).toContain('Sessions 2-2 of 30 for ada (--limit, --skip or --all for more), newest first; times in UTC.');
  });

  it('shows no score for a session stopped before any answer was graded', () => {
    const stopped = fakeSession('ffff0000', '2026-11-12T08:00:00.000Z', 1);
    stopped.results[0] = { ...stopped.results[0]!, status: 'ungraded', score: 0 };
    expect(formatHistory([stopped], { ...view(), total: 1 }).split('\n')[1]).toMatch(/ {10}1 {6}– {2}0:30 {2}mlops$/);
  });

  it('prints ids, modes and topics from an imported file as inert text', () => {
    const hostile = { ...fakeSession('\u001b]0;owned\u0007x', '2026-11-12T08:00:00.000Z', 1), mode: 'quiz\u001b[2J' as 'quiz' };
    const text = formatHistory([hostile], { ...view(), total: 1 });
    expect(text).not.toMatch(/\u001b|\u0007/);
  });
});

// `history` as text: one line per session, newest first, like `git log --oneline`. Built line by line (no table
// layout engine), so drawing it costs time in proportion to the sessions shown.
import { percent } from './score.js';
import type { ChalkInstance } from 'chalk';
import { formatClock } from '../session/timing.js';
import { isGraded, type SessionRecord } from '../session/types.js';
import { plural } from '../lib/plural.js';
import { scoreColor } from './tables.js';
import { safeText } from './terminal-text.js';
import { hanging } from './wrap.js';

export interface HistoryView {
  color: ChalkInstance;
  /** The terminal's width; without it (a pipe, a file) every column is kept whole. */
  width?: number;
  user: string;
  /** Sessions in the profile, of which `sessions` are the ones shown. */
  total: number;
  /** Sessions skipped before the first one shown (--skip). */
  skipped: number;
}

export function topicsOf(session: SessionRecord): string {
  return [...new Set(session.results.map((r) => r.topic))].join(', ');
}

/** Columns narrower than this are left out rather than shown as a stub. */
const MIN_TOPICS = 12;

export function formatHistory(sessions: readonly SessionRecord[], view: HistoryView): string {
  const c = view.color;
  const rows = sessions.map((s) => ({
    id: safeText(s.id.slice(0, 8)),
    started: safeText(s.startedAt.slice(0, 16).replace('T', ' ')),
    // A star marks a session stopped before its last question (explained under the list).
    mode: `${safeText(s.mode)}${s.completed ? '' : '*'}`,
    questions: String(s.results.length),
    // A session stopped before any answer was graded has no score to show.
    score: s.results.some(isGraded) ? percent(s.score) : '–',
    scoreValue: s.score,
    time: formatClock(s.results.reduce((t, r) => t + r.timeSeconds, 0)),
    topics: safeText(topicsOf(s)),
  }));
  const widest = (header: string, pick: (r: (typeof rows)[number]) => string) => Math.max(header.length, ...rows.map((r) => pick(r).length));
  const narrow = view.width !== undefined && view.width < 72;
  const countHeader = narrow ? 'qs' : 'questions';
  const w = {
    id: widest('id', (r) => r.id),
    started: widest('started', (r) => r.started),
    mode: widest('mode', (r) => r.mode),
    questions: widest(countHeader, (r) => r.questions),
    score: widest('score', (r) => r.score),
    time: widest('time', (r) => r.time),
  };
  const fixed = w.id + w.started + w.mode + w.questions + w.score + w.time + 2 * 6;
  // One column spare, so a full line does not make the terminal wrap it.
  const room = view.width === undefined ? Infinity : view.width - 1 - fixed;
  const fullTopics = widest('topics', (r) => r.topics);
  const topicsWidth = Math.min(fullTopics, room);
  const withTopics = topicsWidth >= Math.min(MIN_TOPICS, fullTopics);
  // Whole topic names only: as many as fit, then an ellipsis.
  const cut = (text: string) => {
    if (text.length <= topicsWidth) return text;
    const names = text.split(', ');
    let kept = '';
    for (const name of names) {
      const next = kept ? `${kept}, ${name}` : name;
      if (next.length + 3 > topicsWidth) break;
      kept = next;
    }
    return kept ? `${kept}, …` : `${text.slice(0, topicsWidth - 1)}…`;
  };

  const line = (cells: string[]) => cells.join('  ').trimEnd();
  const head = [
    'id'.padEnd(w.id),
    'started'.padEnd(w.started),
    'mode'.padEnd(w.mode),
    countHeader.padStart(w.questions),
    'score'.padStart(w.score),
    'time'.padStart(w.time),
    ...(withTopics ? ['topics'] : []),
  ];
  const out = [c.bold(line(head))];
  for (const r of rows) {
    const mode = r.mode.endsWith('*') ? `${r.mode.slice(0, -1)}${c.yellow('*')}${' '.repeat(w.mode - r.mode.length)}` : r.mode.padEnd(w.mode);
    const score = r.score === '–' ? c.dim(r.score.padStart(w.score)) : scoreColor(c, r.scoreValue)(r.score.padStart(w.score));
    out.push(
      line([
        c.dim(r.id.padEnd(w.id)),
        r.started.padEnd(w.started),
        mode,
        r.questions.padStart(w.questions),
        score,
        r.time.padStart(w.time),
        ...(withTopics ? [cut(r.topics)] : []),
      ]),
    );
  }
  const shown = sessions.length;
  const range =
    shown === view.total
      ? `${plural(view.total, 'session')} for ${view.user}`
      : `Sessions ${view.skipped + 1}-${view.skipped + shown} of ${view.total} for ${view.user} (--limit, --skip or --all for more)`;
  const notes = [`${range}, newest first; times in UTC.`];
  if (rows.some((r) => r.mode.endsWith('*'))) notes.push('* stopped before the last question.');
  const footer = notes.join(' ');
  out.push(view.width === undefined ? footer : hanging(footer, 0, { width: view.width }));
  return `${out.join('\n')}\n`;
}

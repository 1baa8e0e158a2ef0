import { EXIT } from '../errors.js';
import { warnTo, type CommandIO } from '../io.js';
import { formatClock } from '../session/timing.js';
import { isGraded, type SessionRecord } from '../session/types.js';
import { ProfileStore } from '../store/profile-store.js';
import { resolveUser } from '../store/user.js';
import stripAnsi from 'strip-ansi';
import { scoreColor, scoreTable } from '../ui/tables.js';
import { displaySession, printableJson } from '../ui/terminal-text.js';

export interface HistoryOptions {
  json?: boolean;
  limit?: number;
  user?: string;
}

export function reportSkipped(store: ProfileStore, skipped: number, io: CommandIO) {
  if (skipped > 0) warnTo(io)(`${skipped} stored session${skipped === 1 ? ' is' : 's are'} malformed and skipped (left untouched in ${store.journalPath}).`);
}

/** The profile's valid sessions, newest first; entries a hand edit broke are reported and skipped. */
export async function readSessions(user: string, io: CommandIO): Promise<SessionRecord[]> {
  const store = new ProfileStore(user, warnTo(io));
  const { sessions, skipped } = await store.readSessions();
  reportSkipped(store, skipped, io);
  return sessions.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
}

/** The newest `limit` sessions (those whose id `filter` takes), newest first, without reading the others. */
export async function readNewestSessions(user: string, io: CommandIO, limit: number, filter?: (id: string) => boolean) {
  const store = new ProfileStore(user, warnTo(io));
  const found = await store.newestSessions(limit, filter);
  reportSkipped(store, found.skipped, io);
  return found;
}

export function topicsOf(session: SessionRecord): string {
  return [...new Set(session.results.map((r) => r.topic))].join(', ');
}

export async function runHistory(options: HistoryOptions, io: CommandIO): Promise<number> {
  const user = resolveUser(options.user, io.env);
  const { sessions: stored } = await readNewestSessions(user, io, options.limit ?? Infinity);
  if (options.json) {
    io.stdout.write(`${printableJson(stored, 2)}\n`);
    return EXIT.ok;
  }
  const sessions = stored.map(displaySession);
  const c = io.stdout.color;
  if (sessions.length === 0) {
    io.stdout.write(`No sessions yet for ${user}. Start one with: mle-prep quiz\n`);
    return EXIT.ok;
  }
  const rows = sessions.map((s) => [
    s.id.slice(0, 8),
    s.startedAt.slice(0, 16).replace('T', ' '),
    `${s.mode}${s.completed ? '' : c.yellow(' (stopped)')}`,
    s.results.length,
    // A session stopped before any answer was graded has no score to show.
    s.results.some(isGraded) ? scoreColor(c, s.score)(`${Math.round(s.score * 100)}%`) : c.dim('–'),
    formatClock(s.results.reduce((t, r) => t + r.timeSeconds, 0)),
  ]);
  // The topics column (fourth) takes the room the terminal has left, wrapping inside its cell; with under 12
  // columns of room it is left out. A pipe has no width limit.
  const head = ['id', 'started', 'mode', 'questions', 'score', 'time'];
  const widest = (texts: string[]) => texts.reduce((max, text) => Math.max(max, stripAnsi(text).length), 0);
  const widths = head.map((h, i) => widest([h, ...rows.map((r) => String(r[i]))]) + 2);
  const room = io.stdout.isTTY ? io.stdout.columns - widths.reduce((a, b) => a + b, 0) - (head.length + 2) - 2 : Infinity;
  const topics = sessions.map(topicsOf);
  const topicsWidth = Math.min(widest(['topics', ...topics]), room);
  const withTopics = topicsWidth >= Math.min(12, widest(['topics', ...topics]));
  const insert = <T>(list: T[], item: T) => [...list.slice(0, 3), item, ...list.slice(3)];
  const table = withTopics
    ? scoreTable(c, insert(head, 'topics'), ['left', 'left', 'left', 'left', 'right', 'right', 'right'], insert(widths, topicsWidth + 2))
    : scoreTable(c, head, ['left', 'left', 'left', 'right', 'right', 'right']);
  rows.forEach((row, i) => table.push(withTopics ? insert<string | number>(row, topics[i]!) : row));
  io.stdout.write(`${table.toString()}\n${sessions.length} session${sessions.length === 1 ? '' : 's'} for ${user} (times in UTC).\n`);
  return EXIT.ok;
}

import { EXIT } from '../errors.js';
import { warnTo, type CommandIO } from '../io.js';
import { formatClock } from '../session/timing.js';
import { isGraded, type SessionRecord } from '../session/types.js';
import { ProfileStore } from '../store/profile-store.js';
import { validSessions, type StoreData } from '../store/schema.js';
import { resolveUser } from '../store/user.js';
import Table from 'cli-table3';
import stripAnsi from 'strip-ansi';
import { scoreColor, scoreTable } from '../ui/tables.js';

export interface HistoryOptions {
  json?: boolean;
  limit?: number;
  user?: string;
}

/** The profile's store and its valid sessions, newest first; entries a hand edit broke are reported and skipped. */
export async function readProfile(user: string, io: CommandIO): Promise<{ data: StoreData; sessions: SessionRecord[] }> {
  const store = new ProfileStore(user, warnTo(io));
  const data = await store.read();
  const { sessions, skipped } = validSessions(data);
  if (skipped > 0) warnTo(io)(`${skipped} stored session${skipped === 1 ? ' is' : 's are'} malformed and skipped (left untouched in ${store.path}).`);
  sessions.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  return { data, sessions };
}

export async function readSessions(user: string, io: CommandIO): Promise<SessionRecord[]> {
  return (await readProfile(user, io)).sessions;
}

export function topicsOf(session: SessionRecord): string {
  return [...new Set(session.results.map((r) => r.topic))].join(', ');
}

export async function runHistory(options: HistoryOptions, io: CommandIO): Promise<number> {
  const user = resolveUser(options.user, io.env);
  const sessions = (await readSessions(user, io)).slice(0, options.limit ?? Infinity);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(sessions, null, 2)}\n`);
    return EXIT.ok;
  }
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
  // The topics column takes the room the terminal has left, wrapping inside its cell; without room, it is left out.
  const head = ['id', 'started', 'mode', 'questions', 'score', 'time'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => stripAnsi(String(r[i])).length)) + 2);
  const room = io.stdout.isTTY ? io.stdout.columns - widths.reduce((a, b) => a + b, 0) - (head.length + 2) - 2 : Infinity;
  const longest = Math.max(6, ...sessions.map((s) => topicsOf(s).length));
  const topicsWidth = Math.min(longest, room);
  const withTopics = topicsWidth >= 12;
  const table = withTopics
    ? new Table({
        head: ['id', 'started', 'mode', 'topics', 'questions', 'score', 'time'].map((h) => c.bold(h)),
        colAligns: ['left', 'left', 'left', 'left', 'right', 'right', 'right'],
        colWidths: [...widths.slice(0, 3), topicsWidth + 2, ...widths.slice(3)],
        wordWrap: true,
        style: { head: [], border: [], compact: true },
      })
    : scoreTable(c, head, ['left', 'left', 'left', 'right', 'right', 'right']);
  sessions.forEach((s, i) => table.push(withTopics ? [...rows[i]!.slice(0, 3), topicsOf(s), ...rows[i]!.slice(3)] : rows[i]!));
  io.stdout.write(`${table.toString()}\n${sessions.length} session${sessions.length === 1 ? '' : 's'} for ${user} (times in UTC).\n`);
  return EXIT.ok;
}

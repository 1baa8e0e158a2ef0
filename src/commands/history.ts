import { EXIT, UsageError } from '../errors.js';
import { warnTo, type CommandIO } from '../io.js';
import type { SessionRecord } from '../session/types.js';
import { formatHistory } from '../format/history-text.js';
import { ProfileStore } from '../store/profile-store.js';
import { resolveUser } from '../store/user.js';
import { displaySession, printableJson } from '../format/terminal-text.js';
import { joinSpaces, suggestCommand } from '../format/wrap.js';

export interface HistoryOptions {
  json?: boolean;
  limit?: number;
  skip?: number;
  all?: boolean;
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

/** What plain `history` shows without --limit or --all: the newest sessions, as `git log -n` would. */
export const HISTORY_DEFAULT_LIMIT = 20;

export async function runHistory(options: HistoryOptions, io: CommandIO): Promise<number> {
  const user = resolveUser(options.user, io.env);
  if (options.all && options.limit !== undefined) throw new UsageError('choose one of --limit <n> and --all.');
  const skip = options.skip ?? 0;
  // Scripts reading --json get every session unless they ask for fewer.
  const limit = options.all || (options.json && options.limit === undefined) ? Infinity : (options.limit ?? HISTORY_DEFAULT_LIMIT);
  // Only the sessions shown are read from the journal; the index knows how many there are.
  const found = await readNewestSessions(user, io, skip + limit);
  const stored = found.sessions.slice(skip);
  if (options.json) {
    io.stdout.write(`${printableJson(stored, 2)}\n`);
    return EXIT.ok;
  }
  if (found.total === 0) {
    io.stdout.write(`No sessions yet for ${user}. Start one with: ${joinSpaces(suggestCommand('mle-prep quiz', options.user && user))}\n`);
    return EXIT.ok;
  }
  if (stored.length === 0) {
    io.stdout.write(`${user} has ${found.total} session${found.total === 1 ? '' : 's'}; --skip ${skip} passes all of them.\n`);
    return EXIT.ok;
  }
  const view = { color: io.stdout.color, user, total: found.total, skipped: skip, ...(io.stdout.isTTY ? { width: io.stdout.columns } : {}) };
  io.stdout.write(formatHistory(stored.map(displaySession), view));
  return EXIT.ok;
}

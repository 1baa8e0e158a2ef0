import { EXIT, UsageError } from '../errors.js';
import { warnTo, type CommandIO } from '../io.js';
import type { SessionRecord } from '../session/types.js';
import { formatHistory } from '../reporters/history-text.js';
import { ProfileStore } from '../store/profile-store.js';
import { validSessions, type StoreData } from '../store/schema.js';
import { resolveUser } from '../store/user.js';
import { joinSpaces, suggestCommand } from '../ui/wrap.js';

export interface HistoryOptions {
  json?: boolean;
  limit?: number;
  skip?: number;
  all?: boolean;
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

/** What plain `history` shows without --limit or --all: the newest sessions, as `git log -n` would. */
export const HISTORY_DEFAULT_LIMIT = 20;

export async function runHistory(options: HistoryOptions, io: CommandIO): Promise<number> {
  const user = resolveUser(options.user, io.env);
  if (options.all && options.limit !== undefined) throw new UsageError('choose one of --limit <n> and --all.');
  const all = await readSessions(user, io);
  const skip = options.skip ?? 0;
  // Scripts reading --json get every session unless they ask for fewer.
  const limit = options.all || (options.json && options.limit === undefined) ? Infinity : (options.limit ?? HISTORY_DEFAULT_LIMIT);
  const sessions = all.slice(skip, skip + limit);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(sessions, null, 2)}\n`);
    return EXIT.ok;
  }
  if (all.length === 0) {
    io.stdout.write(`No sessions yet for ${user}. Start one with: ${joinSpaces(suggestCommand('mle-prep quiz', options.user && user))}\n`);
    return EXIT.ok;
  }
  if (sessions.length === 0) {
    io.stdout.write(`${user} has ${all.length} session${all.length === 1 ? '' : 's'}; --skip ${skip} passes all of them.\n`);
    return EXIT.ok;
  }
  const view = { color: io.stdout.color, user, total: all.length, skipped: skip, ...(io.stdout.isTTY ? { width: io.stdout.columns } : {}) };
  io.stdout.write(formatHistory(sessions, view));
  return EXIT.ok;
}

import { plural } from '../lib/plural.js';
import { EXIT, UsageError } from '../errors.js';
import type { CommandIO } from '../io.js';
import { formatHistory } from '../format/history-text.js';
import { resolveUser } from '../store/user.js';
import { displaySession, printableJson } from '../format/terminal-text.js';
import { joinSpaces, suggestCommand } from '../format/wrap.js';
import { readNewestSessions } from '../services/profile.js';

export interface HistoryOptions {
  json?: boolean;
  limit?: number;
  skip?: number;
  all?: boolean;
  user?: string;
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
    io.stdout.write(`${user} has ${plural(found.total, 'session')}; --skip ${skip} passes all of them.\n`);
    return EXIT.ok;
  }
  const view = { color: io.stdout.color, user, total: found.total, skipped: skip, ...(io.stdout.isTTY ? { width: io.stdout.columns } : {}) };
  io.stdout.write(formatHistory(stored.map(displaySession), view));
  return EXIT.ok;
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

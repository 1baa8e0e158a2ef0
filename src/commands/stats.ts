import { EXIT } from '../errors.js';
import type { CommandIO } from '../io.js';
import { formatStats } from '../reporters/stats-text.js';
import { computeStats } from '../stats/aggregate.js';
import { resolveUser } from '../store/user.js';
import { readSessions } from './history.js';
import { parseSince } from './since.js';

export interface StatsOptions {
  user?: string;
  topic?: string[];
  since?: string;
  json?: boolean;
}

export async function runStats(options: StatsOptions, io: CommandIO): Promise<number> {
  const user = resolveUser(options.user, io.env);
  const now = io.now();
  const since = options.since !== undefined ? parseSince(options.since, now) : undefined;
  const sessions = await readSessions(user, io);
  const report = computeStats(sessions, { ...(options.topic ? { topics: options.topic } : {}), ...(since ? { since } : {}) }, now);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ user, generatedAt: now.toISOString(), ...(since ? { since: since.toISOString() } : {}), ...report }, null, 2)}\n`);
  } else {
    io.stdout.write(formatStats(report, { color: io.stdout.color, user }));
  }
  return EXIT.ok;
}

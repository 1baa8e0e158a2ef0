import { openProfile } from '../services/profile.js';
import { EXIT, UsageError } from '../errors.js';
import type { CommandIO } from '../io.js';
import { listProfiles } from '../store/profile-store.js';
import { resolveUser } from '../store/user.js';
import { plural } from '../lib/plural.js';
import { formatProfiles } from '../format/tables.js';

export async function runUsers(options: { json?: boolean }, io: CommandIO): Promise<number> {
  const current = resolveUser(undefined, io.env);
  const rows = [];
  for (const user of listProfiles(io.storeDir)) {
    const { count, lastStartedAt } = await openProfile(user, io).summary();
    rows.push({ user, sessions: count, lastPractice: lastStartedAt ?? null, current: user === current });
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  if (rows.length === 0) {
    io.stdout.write(`No profiles yet in ${io.storeDir}. The first quiz creates yours (${current}).\n`);
    return EXIT.ok;
  }
  io.stdout.write(`${formatProfiles(rows, io.stdout.color)}\nProfiles live in ${io.storeDir}. Use --user <name> (or MLE_PREP_USER) to switch.\n`);
  return EXIT.ok;
}

export async function runReset(options: { user?: string; yes?: boolean }, io: CommandIO): Promise<number> {
  if (options.user === undefined) throw new UsageError('reset needs --user <name>, so the profile to delete is never a guess.');
  const user = resolveUser(options.user, io.env);
  const store = openProfile(user, io);
  const leftovers = store.leftovers();
  const exists = store.exists();
  if (!exists && leftovers.length === 0) throw new UsageError(`there is no profile "${user}"; \`mle-prep users\` lists them.`);
  const count = exists ? (await store.summary()).count : 0;
  const copies = leftovers.length ? ` and ${plural(leftovers.length, 'kept-aside copy', 'kept-aside copies')}` : '';
  if (!options.yes) {
    if (!io.stdin.isTTY) throw new UsageError('reset deletes data: confirm in a terminal, or pass --yes in scripts.');
    const { default: confirm } = await import('@inquirer/confirm');
    const sure = await confirm(
      { message: `Delete profile "${user}": ${plural(count, 'session')}${copies}? This cannot be undone.`, default: false },
      { input: io.stdin.stream, output: io.terminal },
    ).catch(() => false);
    if (!sure) {
      io.stdout.write('Nothing was deleted.\n');
      return EXIT.ok;
    }
  }
  await store.remove();
  io.stdout.write(`Deleted profile "${user}" (${plural(count, 'session')}${copies}).\n`);
  return EXIT.ok;
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

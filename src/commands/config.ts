import { EXIT, UsageError } from '../errors.js';
import { warnTo, type CommandIO } from '../io.js';
import { DEFAULT_NEW_PER_DAY } from '../review/queue.js';
import { ProfileStore } from '../store/profile-store.js';
import { newPerDaySetting } from '../store/schema.js';
import { resolveUser } from '../store/user.js';

const KEYS = { 'new-per-day': 'new questions `review` introduces per day' } as const;

export async function runConfig(key: string | undefined, value: string | undefined, options: { user?: string }, io: CommandIO): Promise<number> {
  const user = resolveUser(options.user, io.env);
  const store = new ProfileStore(user, warnTo(io));
  if (key !== undefined && !(key in KEYS)) throw new UsageError(`unknown setting "${key}"; settings: ${Object.keys(KEYS).join(', ')}.`);
  if (key === undefined || value === undefined) {
    const stored = newPerDaySetting((await store.readProfileMeta()).settings);
    io.stdout.write(`new-per-day = ${stored ?? DEFAULT_NEW_PER_DAY}${stored === undefined ? ' (default)' : ''}  # ${KEYS['new-per-day']}\n`);
    return EXIT.ok;
  }
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 500) throw new UsageError('new-per-day must be a whole number from 0 to 500.');
  await store.updateProfileMeta((meta) => {
    meta.settings.newPerDay = n;
  });
  io.stdout.write(`new-per-day = ${n} for ${user}\n`);
  return EXIT.ok;
}

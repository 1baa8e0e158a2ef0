import { EXIT, UsageError } from '../errors.js';
import { warnTo, type CommandIO } from '../io.js';
import { DEFAULT_NEW_PER_DAY } from '../review/queue.js';
import { ProfileStore } from '../store/profile-store.js';
import { newPerDaySetting, type StoreSettings } from '../store/schema.js';
import { DEFAULT_RETENTION, isValidRetention, RETENTION_BOUNDS, retentionSetting, setRetention } from '../store/settings.js';
import { resolveUser } from '../store/user.js';

interface Setting {
  about: string;
  read(settings: StoreSettings): number | undefined;
  fallback: number;
  /** The value to store, or a usage error naming the bounds. */
  parse(value: string): number;
  write(settings: StoreSettings, value: number): void;
}

const KEYS: Record<string, Setting> = {
  'new-per-day': {
    about: 'new questions `review` introduces per day',
    read: newPerDaySetting,
    fallback: DEFAULT_NEW_PER_DAY,
    parse: (value) => {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n > 500) throw new UsageError('new-per-day must be a whole number from 0 to 500.');
      return n;
    },
    write: (settings, n) => {
      settings.newPerDay = n;
    },
  },
  retention: {
    about: 'the recall to keep each question at: shorter review intervals when higher (FSRS desired retention)',
    read: retentionSetting,
    fallback: DEFAULT_RETENTION,
    parse: (value) => {
      const n = Number(value);
      if (!/^\d*\.?\d+$/.test(value.trim()) || !isValidRetention(n)) {
        throw new UsageError(`retention must be a number from ${RETENTION_BOUNDS.min} to ${RETENTION_BOUNDS.max}, such as 0.9.`);
      }
      return n;
    },
    write: setRetention,
  },
};

export async function runConfig(key: string | undefined, value: string | undefined, options: { user?: string }, io: CommandIO): Promise<number> {
  const user = resolveUser(options.user, io.env);
  const store = new ProfileStore(user, warnTo(io));
  const setting = key === undefined ? undefined : KEYS[key];
  if (key !== undefined && !setting) throw new UsageError(`unknown setting "${key}"; settings: ${Object.keys(KEYS).join(', ')}.`);
  if (!setting || value === undefined) {
    const { settings } = await store.readProfileMeta();
    for (const [name, s] of Object.entries(KEYS)) {
      if (setting && s !== setting) continue;
      const stored = s.read(settings);
      io.stdout.write(`${name} = ${stored ?? s.fallback}${stored === undefined ? ' (default)' : ''}  # ${s.about}\n`);
    }
    return EXIT.ok;
  }
  const n = setting.parse(value);
  await store.updateProfileMeta((meta) => setting.write(meta.settings, n));
  io.stdout.write(`${key} = ${n} for ${user}\n`);
  return EXIT.ok;
}

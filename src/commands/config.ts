import { openProfile } from '../services/profile.js';
import { EXIT, UsageError } from '../errors.js';
import type { CommandIO } from '../io.js';
import { DEFAULT_NEW_PER_DAY } from '../review/queue.js';
import { newPerDaySetting, type StoreSettings } from '../store/schema.js';
import { DEFAULT_RETENTION, isValidRetention, RETENTION_BOUNDS, retentionSetting, setRetention } from '../store/settings.js';
import { resolveUser } from '../store/user.js';
import { AI_TIMEOUT_BOUNDS, aiModelSetting, aiTimeoutSetting, aiUrlSetting, DEFAULT_AI_TIMEOUT_SECONDS, isValidAiUrl, setAiField } from '../ai/settings.js';
import { safeText } from '../format/terminal-text.js';

interface Setting {
  about: string;
  read(settings: StoreSettings): number | string | undefined;
  /** Shown when nothing is stored: the default, or a word for "not set". */
  fallback: number | string;
  /** The value to store (undefined removes it), or a usage error naming the bounds. */
  parse(value: string): number | string | undefined;
  write(settings: StoreSettings, value: number | string | undefined): void;
}

/** "" or "off" removes an optional text setting. */
const isClear = (value: string) => value.trim() === '' || value.trim().toLowerCase() === 'off';

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
      settings.newPerDay = n as number;
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
    write: (settings, n) => setRetention(settings, n as number),
  },
  'ai.url': {
    about: 'an OpenAI-compatible API (e.g. http://localhost:11434/v1 for Ollama); answers are sent there only when set; "off" removes it',
    read: aiUrlSetting,
    fallback: 'off',
    parse: (value) => {
      if (isClear(value)) return undefined;
      const url = value.trim();
      if (!isValidAiUrl(url))
        throw new UsageError(`ai.url must be an http:// or https:// address, such as http://localhost:11434/v1 (got "${safeText(value)}").`);
      return url;
    },
    write: (settings, value) => setAiField(settings, 'url', value),
  },
  'ai.model': {
    about: 'the model to ask at ai.url (e.g. llama3.1); the API key is read from MLE_PREP_AI_KEY or OPENAI_API_KEY, never stored',
    read: aiModelSetting,
    fallback: 'off',
    parse: (value) => {
      if (isClear(value)) return undefined;
      if (/[\u0000-\u001f\u007f]/.test(value) || value.trim().length > 200)
        throw new UsageError('ai.model must be a model name on one line (at most 200 characters).');
      return value.trim();
    },
    write: (settings, value) => setAiField(settings, 'model', value),
  },
  'ai.timeout': {
    about: 'seconds to wait for the model before falling back to the offline suggestions',
    read: aiTimeoutSetting,
    fallback: DEFAULT_AI_TIMEOUT_SECONDS,
    parse: (value) => {
      const n = Number(value);
      if (!/^\d*\.?\d+$/.test(value.trim()) || n < AI_TIMEOUT_BOUNDS.min || n > AI_TIMEOUT_BOUNDS.max) {
        throw new UsageError(`ai.timeout must be a number of seconds from ${AI_TIMEOUT_BOUNDS.min} to ${AI_TIMEOUT_BOUNDS.max}.`);
      }
      return n;
    },
    write: (settings, value) => setAiField(settings, 'timeout', value),
  },
};

export async function runConfig(key: string | undefined, value: string | undefined, options: { user?: string }, io: CommandIO): Promise<number> {
  const user = resolveUser(options.user, io.env);
  const store = openProfile(user, io);
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
  io.stdout.write(`${key} = ${n ?? `${setting.fallback} (default)`} for ${user}\n`);
  return EXIT.ok;
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

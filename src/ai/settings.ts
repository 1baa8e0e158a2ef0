// Where the optional model lives, as a profile stores it (settings.ai), and the key, which only the environment
// holds: a key written to the store file would end up in backups and exports of the profile folder.
import type { StoreSettings } from '../store/schema.js';

export const DEFAULT_AI_TIMEOUT_SECONDS = 15;
export const AI_TIMEOUT_BOUNDS = { min: 1, max: 600 } as const;
/** The variables the API key is read from, first one set wins. */
export const AI_KEY_VARIABLES = ['MLE_PREP_AI_KEY', 'OPENAI_API_KEY'] as const;

export interface AiConnection {
  /** Base URL of an OpenAI-compatible API, e.g. http://localhost:11434/v1. */
  url: string;
  model: string;
  timeoutMs: number;
  apiKey?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stored(settings: StoreSettings): Record<string, unknown> {
  return isObject(settings.ai) ? settings.ai : {};
}

/** A URL the client can call: http or https with a host (a hand edit may have written anything). */
export function isValidAiUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function aiUrlSetting(settings: StoreSettings): string | undefined {
  const url = stored(settings).url;
  return typeof url === 'string' && isValidAiUrl(url) ? url : undefined;
}

export function aiModelSetting(settings: StoreSettings): string | undefined {
  const model = stored(settings).model;
  return typeof model === 'string' && model.trim() !== '' ? model : undefined;
}

export function aiTimeoutSetting(settings: StoreSettings): number | undefined {
  const t = stored(settings).timeout;
  return typeof t === 'number' && Number.isFinite(t) && t >= AI_TIMEOUT_BOUNDS.min && t <= AI_TIMEOUT_BOUNDS.max ? t : undefined;
}

/** Sets one field of settings.ai; undefined removes it (and settings.ai when nothing is left). */
export function setAiField(settings: StoreSettings, field: 'url' | 'model' | 'timeout', value: string | number | undefined): void {
  const ai = { ...stored(settings) };
  if (value === undefined) delete ai[field];
  else ai[field] = value;
  if (Object.keys(ai).length === 0) delete settings.ai;
  else settings.ai = ai;
}

/** The API key from the environment, if one is set. */
export function aiKeyFrom(env: NodeJS.ProcessEnv): string | undefined {
  for (const name of AI_KEY_VARIABLES) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The configured model, or undefined when the profile has no url and model (the default: nothing is sent). */
export function aiConnection(settings: StoreSettings, env: NodeJS.ProcessEnv): AiConnection | undefined {
  const url = aiUrlSetting(settings);
  const model = aiModelSetting(settings);
  if (!url || !model) return undefined;
  const apiKey = aiKeyFrom(env);
  return { url, model, timeoutMs: (aiTimeoutSetting(settings) ?? DEFAULT_AI_TIMEOUT_SECONDS) * 1000, ...(apiKey ? { apiKey } : {}) };
}

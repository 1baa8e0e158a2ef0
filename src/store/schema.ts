// The shape of a profile's files and how older versions are brought up to date.
import type { ResultRecord, SessionRecord } from '../session/types.js';

/**
 * 1: sessions only. 2: adds spaced-repetition cards and settings. 3: sessions (and the schedule they make) move
 * to an append-only journal; the profile file keeps settings and other profile metadata.
 */
export const STORE_VERSION = 3;

export interface StoreSettings {
  /** New questions `review` introduces per day. */
  newPerDay?: number;
  /** FSRS desired retention; read through retentionSetting (src/store/settings.ts). */
  retention?: number;
  /** The interview the study plan works towards; read through planSettings. */
  plan?: unknown;
  /** A short note per question id; read through notesOf. */
  notes?: unknown;
  /** Flagged question ids; read through flaggedIds. */
  flagged?: unknown;
  /** The optional model (url, model, timeout; never a key); read through src/ai/settings.ts. */
  ai?: unknown;
}

/** The stored new-per-day setting when it is a usable number (a hand edit may have written anything). */
export function newPerDaySetting(settings: StoreSettings): number | undefined {
  const n = settings.newPerDay;
  return Number.isInteger(n) && (n as number) >= 0 ? n : undefined;
}

/** What the profile file holds from version 3 on; fields this version does not know are kept as they are. */
export interface ProfileMeta {
  schemaVersion: number;
  settings: StoreSettings;
  [field: string]: unknown;
}

/** A version 1 or 2 profile file, brought to version 2's shape before its sessions move to the journal. */
export interface StoreData {
  schemaVersion: number;
  /** Session records; entries a hand edit broke are kept as they are and skipped by readers. */
  sessions: unknown[];
  /** Spaced-repetition card per question id (serialised ts-fsrs cards). */
  cards: Record<string, unknown>;
  settings: StoreSettings;
}

export interface Migration {
  data: StoreData;
  fromVersion: number;
  upgraded: boolean;
  /** Written by a newer mle-prep: read what we can, never write. */
  newer: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Top-level fields present with the wrong type (sessions not a list, cards or settings not a mapping). Such a file
 * is set aside whole rather than have the next save replace the field with an empty one.
 */
export function wrongTypedFields(raw: Record<string, unknown>): string[] {
  const wrong: string[] = [];
  if (raw.sessions !== undefined && !Array.isArray(raw.sessions)) wrong.push('"sessions"');
  if (raw.cards !== undefined && !isObject(raw.cards)) wrong.push('"cards"');
  if (raw.settings !== undefined && !isObject(raw.settings)) wrong.push('"settings"');
  return wrong;
}

/** A profile file's version: an empty file is current, a file without a version is version 1. */
export function storeVersion(raw: Record<string, unknown>): number {
  const empty = Object.keys(raw).filter((k) => k !== '__internal__').length === 0;
  return empty ? STORE_VERSION : typeof raw.schemaVersion === 'number' ? raw.schemaVersion : 1;
}

export function migrateStore(raw: Record<string, unknown>): Migration {
  const fromVersion = storeVersion(raw);
  const data: StoreData = {
    ...raw,
    schemaVersion: Math.max(fromVersion, STORE_VERSION),
    sessions: Array.isArray(raw.sessions) ? raw.sessions : [],
    cards: isObject(raw.cards) ? raw.cards : {},
    settings: isObject(raw.settings) ? (raw.settings as StoreSettings) : {},
  };
  return { data, fromVersion, upgraded: fromVersion < STORE_VERSION, newer: fromVersion > STORE_VERSION };
}

const STATUSES: readonly unknown[] = ['answered', 'timed-out', 'not-reached', 'ungraded'];
const isIndexList = (v: unknown) => Array.isArray(v) && v.every((i) => Number.isInteger(i) && i >= 0);
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);

/** One result with every field readers (stats, exports, the schedule) use, each of the documented type. */
export function isResultRecord(value: unknown): value is ResultRecord {
  if (!isObject(value)) return false;
  const r = value as Partial<Record<keyof ResultRecord, unknown>>;
  return (
    typeof r.questionId === 'string' &&
    typeof r.topic === 'string' &&
    typeof r.difficulty === 'string' &&
    (r.type === 'open' || r.type === 'choice') &&
    typeof r.score === 'number' &&
    Number.isFinite(r.score) &&
    typeof r.timeSeconds === 'number' &&
    Number.isFinite(r.timeSeconds) &&
    typeof r.timedOut === 'boolean' &&
    STATUSES.includes(r.status) &&
    optional(r.limitSeconds, (v) => typeof v === 'number') &&
    optional(r.answer, (v) => typeof v === 'string') &&
    optional(r.keyPointsCovered, isIndexList) &&
    optional(r.keyPointsTotal, (v) => typeof v === 'number') &&
    optional(r.picked, isIndexList)
  );
}

/** A stored session with the fields readers rely on; anything else (a hand edit gone wrong) is skipped. */
export function isSessionRecord(value: unknown): value is SessionRecord {
  if (!isObject(value)) return false;
  const v = value as Partial<Record<keyof SessionRecord, unknown>>;
  return (
    typeof v.id === 'string' &&
    v.id !== '' &&
    typeof v.user === 'string' &&
    typeof v.mode === 'string' &&
    typeof v.startedAt === 'string' &&
    !Number.isNaN(Date.parse(v.startedAt)) &&
    typeof v.finishedAt === 'string' &&
    typeof v.completed === 'boolean' &&
    isObject(v.filters) &&
    typeof v.score === 'number' &&
    Array.isArray(v.results) &&
    v.results.every(isResultRecord)
  );
}

/** The valid sessions, oldest first as stored, and how many entries were skipped. */
export function validSessions(data: Pick<StoreData, 'sessions'>): { sessions: SessionRecord[]; skipped: number } {
  const sessions = data.sessions.filter(isSessionRecord);
  return { sessions, skipped: data.sessions.length - sessions.length };
}

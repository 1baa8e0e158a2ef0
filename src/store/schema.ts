// The shape of a profile's store file and how older versions are brought up to date.
import type { SessionRecord } from '../session/types.js';

/** 1: sessions only. 2: adds spaced-repetition cards and settings. */
export const STORE_VERSION = 2;

export interface StoreSettings {
  /** New questions `review` introduces per day. */
  newPerDay?: number;
}

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

export function migrateStore(raw: Record<string, unknown>): Migration {
  const empty = Object.keys(raw).filter((k) => k !== '__internal__').length === 0;
  const fromVersion = empty ? STORE_VERSION : typeof raw.schemaVersion === 'number' ? raw.schemaVersion : 1;
  const data: StoreData = {
    ...raw,
    schemaVersion: Math.max(fromVersion, STORE_VERSION),
    sessions: Array.isArray(raw.sessions) ? raw.sessions : [],
    cards: isObject(raw.cards) ? raw.cards : {},
    settings: isObject(raw.settings) ? (raw.settings as StoreSettings) : {},
  };
  return { data, fromVersion, upgraded: !empty && fromVersion < STORE_VERSION, newer: fromVersion > STORE_VERSION };
}

/** A stored session with the fields readers rely on; anything else (a hand edit gone wrong) is skipped. */
export function isSessionRecord(value: unknown): value is SessionRecord {
  if (!isObject(value)) return false;
  const v = value as Partial<SessionRecord>;
  return (
    typeof v.id === 'string' &&
    typeof v.user === 'string' &&
    typeof v.startedAt === 'string' &&
    !Number.isNaN(Date.parse(v.startedAt)) &&
    typeof v.finishedAt === 'string' &&
    typeof v.score === 'number' &&
    Array.isArray(v.results) &&
    v.results.every(
      (r) => isObject(r) && typeof r.questionId === 'string' && typeof r.topic === 'string' && typeof r.score === 'number' && typeof r.timeSeconds === 'number',
    )
  );
}

/** The valid sessions, oldest first as stored, and how many entries were skipped. */
export function validSessions(data: StoreData): { sessions: SessionRecord[]; skipped: number } {
  const sessions = data.sessions.filter(isSessionRecord);
  return { sessions, skipped: data.sessions.length - sessions.length };
}

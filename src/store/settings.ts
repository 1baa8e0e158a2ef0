// Narrow accessors for the profile settings beyond new-per-day: the interview plan, the retention target, notes
// and flags. Readers accept only well-formed values (a hand edit may have written anything) and fall back to
// "not set"; writers change `settings` in place, inside ProfileStore.update.
import type { StoreSettings } from './schema.js';

export const DEFAULT_RETENTION = 0.9;
export const RETENTION_BOUNDS = { min: 0.7, max: 0.97 } as const;
export const DEFAULT_MINUTES_PER_DAY = 30;
export const NOTE_MAX_LENGTH = 500;

export interface PlanSettings {
  /** The interview's local calendar day, YYYY-MM-DD. */
  interview: string;
  minutesPerDay: number;
  /** Topics the plan is limited to; empty means every topic. */
  focus: string[];
}

const DAY = /^\d{4}-\d\d-\d\d$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isValidRetention(value: number): boolean {
  return Number.isFinite(value) && value >= RETENTION_BOUNDS.min && value <= RETENTION_BOUNDS.max;
}

/** The stored retention target when it is usable. */
export function retentionSetting(settings: StoreSettings): number | undefined {
  const r = settings.retention;
  return typeof r === 'number' && isValidRetention(r) ? r : undefined;
}

export function setRetention(settings: StoreSettings, value: number): void {
  settings.retention = value;
}

/** The stored interview plan, when there is a well-formed one. */
export function planSettings(settings: StoreSettings): PlanSettings | undefined {
  const p = settings.plan;
  if (!isObject(p) || typeof p.interview !== 'string' || !DAY.test(p.interview)) return undefined;
  const minutes = Number.isInteger(p.minutesPerDay) && (p.minutesPerDay as number) > 0 ? (p.minutesPerDay as number) : DEFAULT_MINUTES_PER_DAY;
  const focus = Array.isArray(p.focus) ? p.focus.filter((t): t is string => typeof t === 'string') : [];
  return { interview: p.interview, minutesPerDay: minutes, focus };
}

export function setPlan(settings: StoreSettings, plan: PlanSettings): void {
  settings.plan = { interview: plan.interview, minutesPerDay: plan.minutesPerDay, focus: [...plan.focus] };
}

export function clearPlan(settings: StoreSettings): void {
  delete settings.plan;
}

/** Notes by question id (entries that are not text are left out). */
export function notesOf(settings: StoreSettings): Map<string, string> {
  const notes = new Map<string, string>();
  if (!isObject(settings.notes)) return notes;
  for (const [id, text] of Object.entries(settings.notes)) if (typeof text === 'string' && text.trim()) notes.set(id, text);
  return notes;
}

/** Sets a question's note; empty text removes it. Text is kept to its first NOTE_MAX_LENGTH characters. */
export function setNote(settings: StoreSettings, id: string, text: string): void {
  const notes = isObject(settings.notes) ? { ...settings.notes } : {};
  const clean = text.trim().slice(0, NOTE_MAX_LENGTH);
  if (clean) notes[id] = clean;
  else delete notes[id];
  settings.notes = notes;
}

export function flaggedIds(settings: StoreSettings): Set<string> {
  return new Set(Array.isArray(settings.flagged) ? settings.flagged.filter((id): id is string => typeof id === 'string') : []);
}

export function setFlag(settings: StoreSettings, id: string, flagged: boolean): void {
  const ids = flaggedIds(settings);
  if (flagged) ids.add(id);
  else ids.delete(id);
  settings.flagged = [...ids].sort();
}

/** A profile's notes and flags, as a session reads and changes them. */
export interface Annotations {
  notes: Map<string, string>;
  flagged: Set<string>;
}

export function annotationsOf(settings: StoreSettings): Annotations {
  return { notes: notesOf(settings), flagged: flaggedIds(settings) };
}

/** Writes the notes and flags of `ids` from `annotations` back into settings (other questions' stay as stored). */
export function saveAnnotations(settings: StoreSettings, annotations: Annotations, ids: Iterable<string>): void {
  for (const id of ids) {
    setNote(settings, id, annotations.notes.get(id) ?? '');
    setFlag(settings, id, annotations.flagged.has(id));
  }
}

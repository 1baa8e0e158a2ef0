import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionRecord } from '../../src/session/types.js';

/** The raw lines of a profile's session journal, parsed (what is on disk, before any reader's checks). */
export function journalEntries(home: string, user = 'tester'): Array<{ session?: SessionRecord; reviewedAt?: string; cards?: Record<string, unknown> }> {
  let text: string;
  try {
    text = readFileSync(join(home, 'mle-prep', `profile-${user}.jsonl`), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

/** The sessions as saved, in journal order. */
export function journalSessions(home: string, user = 'tester'): SessionRecord[] {
  return journalEntries(home, user).flatMap((e) => (e.session ? [e.session] : []));
}

/**
 * The profile's review schedule as the CLI reads it (a plain object for comparisons). The reader comes from src, so
 * it is imported only here: the journal helpers above stay usable by tests of the built CLI.
 */
export async function storedCards(home: string, user = 'tester'): Promise<Record<string, unknown>> {
  const { ProfileStore } = await import('../../src/store/profile-store.js');
  return { ...(await new ProfileStore(user, () => undefined, join(home, 'mle-prep')).readSchedule()) };
}

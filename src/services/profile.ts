// Opening a profile's store and reading its sessions the way every command does: warnings in one form on stderr,
// malformed entries reported once and skipped.
import { plural } from '../lib/plural.js';
import { warnTo, type CommandIO } from '../io.js';
import type { SessionRecord } from '../session/types.js';
import { ProfileStore } from '../store/profile-store.js';

/** The store of `user`'s profile, in the store folder of `io`, warning on its stderr. */
export function openProfile(user: string, io: CommandIO): ProfileStore {
  return new ProfileStore(user, warnTo(io), io.storeDir, io.now);
}

export function reportSkipped(store: ProfileStore, skipped: number, io: CommandIO) {
  if (skipped > 0) warnTo(io)(`${plural(skipped, 'stored session is', 'stored sessions are')} malformed and skipped (left untouched in ${store.journalPath}).`);
}

/** The profile's valid sessions, newest first; entries a hand edit broke are reported and skipped. */
export async function readSessions(user: string, io: CommandIO): Promise<SessionRecord[]> {
  const store = openProfile(user, io);
  const { sessions, skipped } = await store.readSessions();
  reportSkipped(store, skipped, io);
  return sessions.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
}

/** The newest `limit` sessions (those whose id `filter` takes), newest first, without reading the others. */
export async function readNewestSessions(user: string, io: CommandIO, limit: number, filter?: (id: string) => boolean) {
  const store = openProfile(user, io);
  const found = await store.newestSessions(limit, filter);
  reportSkipped(store, found.skipped, io);
  return found;
}

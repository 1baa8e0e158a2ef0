import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listProfiles, ProfileStore } from '../../src/store/profile-store.js';
import type { SessionRecord } from '../../src/session/types.js';
import { isSessionRecord, migrateStore, STORE_VERSION, validSessions } from '../../src/store/schema.js';
import { resolveUser } from '../../src/store/user.js';
import { tempDir } from '../helpers/temp.js';

const fixedNow = () => new Date('2026-11-27T10:00:00Z');

function storeIn(dir: string, user = 'ada') {
  const warnings: string[] = [];
  return { store: new ProfileStore(user, (m) => warnings.push(m), dir, fixedNow), warnings };
}

const session = (id: string) => ({
  id,
  user: 'ada',
  mode: 'quiz',
  startedAt: '2026-11-27T09:00:00.000Z',
  finishedAt: '2026-11-27T09:10:00.000Z',
  completed: true,
  filters: {},
  score: 0.5,
  results: [{ questionId: 'q1', topic: 'mlops', difficulty: 'beginner', type: 'open', score: 0.5, timeSeconds: 30, timedOut: false, status: 'answered' }],
});

describe('ProfileStore', () => {
  it('starts empty, and keeps what update writes', async () => {
    const { store } = storeIn(tempDir());
    expect(await store.read()).toEqual({ schemaVersion: STORE_VERSION, sessions: [], cards: {}, settings: {} });
    await store.update((d) => void d.sessions.push(session('s1')));
    await store.update((d) => void d.sessions.push(session('s2')));
    const data = await store.read();
    expect(validSessions(data).sessions.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(JSON.parse(readFileSync(store.path, 'utf8')).schemaVersion).toBe(STORE_VERSION);
  });

  it('keeps a file that is not valid JSON aside, says where, and starts afresh', async () => {
    const dir = tempDir();
    const { store, warnings } = storeIn(dir);
    writeFileSync(store.path, '{"schemaVersion": 2, "sessions": [{"id": "trunc');
    expect((await store.read()).sessions).toEqual([]);
    const backup = `${store.path}.corrupt-2026-11-27T10-00-00-000Z`;
    expect(readFileSync(backup, 'utf8')).toBe('{"schemaVersion": 2, "sessions": [{"id": "trunc');
    expect(warnings).toEqual([`the score store ${store.path} was not valid JSON; it was kept as ${backup} and a new store was started.`]);
    await store.update((d) => void d.sessions.push(session('after')));
    expect(validSessions(await store.read()).sessions.map((s) => s.id)).toEqual(['after']);
  });

  it('skips hand-edited sessions it cannot read, but never drops them from the file', async () => {
    const { store } = storeIn(tempDir());
    writeFileSync(store.path, JSON.stringify({ schemaVersion: 2, sessions: [session('good'), { id: 'broken', score: 'high' }, 42], cards: {}, settings: {} }));
    const { sessions, skipped } = validSessions(await store.read());
    expect(sessions.map((s) => s.id)).toEqual(['good']);
    expect(skipped).toBe(2);
    await store.update((d) => void d.sessions.push(session('new')));
    const raw = JSON.parse(readFileSync(store.path, 'utf8'));
    expect(raw.sessions).toEqual([session('good'), { id: 'broken', score: 'high' }, 42, session('new')]);
  });

  it('upgrades a version 1 store in place, keeping the old file as a backup', async () => {
    const { store, warnings } = storeIn(tempDir());
    const v1 = JSON.stringify({ schemaVersion: 1, sessions: [session('old')] });
    writeFileSync(store.path, v1);
    await store.update((d) => void d.sessions.push(session('new')));
    const raw = JSON.parse(readFileSync(store.path, 'utf8'));
    expect(raw).toMatchObject({ schemaVersion: 2, cards: {}, settings: {} });
    expect(raw.sessions.map((s: { id: string }) => s.id)).toEqual(['old', 'new']);
    const backups = readdirSync(store.dir).filter((f) => f.includes('.v1-backup-'));
    expect(backups).toEqual(['profile-ada.json.v1-backup-2026-11-27T10-00-00-000Z']);
    expect(readFileSync(join(store.dir, backups[0]!), 'utf8')).toBe(v1);
    expect(warnings[0]).toMatch(/upgraded the score store .* from version 1 to 2/);
  });

  it('reads a store from a newer mle-prep but refuses to write it, leaving it untouched', async () => {
    const { store } = storeIn(tempDir());
    const newer = JSON.stringify({ schemaVersion: 9, sessions: [session('future')], somethingNew: true });
    writeFileSync(store.path, newer);
    expect(validSessions(await store.read()).sessions.map((s) => s.id)).toEqual(['future']);
    await expect(store.readWritable()).rejects.toThrow(/written by a newer mle-prep \(store version 9; this one understands 2\)\. Upgrade mle-prep to save results; nothing was changed\./);
    await expect(store.update((d) => void d.sessions.push(session('x')))).rejects.toThrow(/newer mle-prep/);
    expect(readFileSync(store.path, 'utf8')).toBe(newer);
  });

  it('keeps profiles apart and lists them', async () => {
    const dir = tempDir();
    await storeIn(dir, 'ada').store.update((d) => void d.sessions.push(session('a')));
    await storeIn(dir, 'bob').store.update((d) => void d.sessions.push(session('b')));
    expect(listProfiles(dir)).toEqual(['ada', 'bob']);
    expect(validSessions(await storeIn(dir, 'bob').store.read()).sessions.map((s) => s.id)).toEqual(['b']);
    await storeIn(dir, 'ada').store.remove();
    expect(listProfiles(dir)).toEqual(['bob']);
  });
});

describe('migrateStore', () => {
  it('treats an empty file as current and a file without a version as version 1', () => {
    expect(migrateStore({})).toMatchObject({ fromVersion: STORE_VERSION, upgraded: false, newer: false });
    expect(migrateStore({ sessions: [] })).toMatchObject({ fromVersion: 1, upgraded: true, newer: false });
  });
});

describe('resolveUser', () => {
  it('prefers --user, then MLE_PREP_USER, then the OS user name made file-safe', () => {
    expect(resolveUser('ada', { MLE_PREP_USER: 'bob' })).toBe('ada');
    expect(resolveUser(undefined, { MLE_PREP_USER: 'bob' })).toBe('bob');
    expect(resolveUser(undefined, {})).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
    expect(() => resolveUser('a/b', {})).toThrow(/not a valid profile name/);
    expect(() => resolveUser(undefined, { MLE_PREP_USER: '..' })).toThrow(/MLE_PREP_USER "\.\." is not a valid profile name/);
  });

  it('reads and saves a store an editor saved with a byte-order mark, or left holding only whitespace', async () => {
    const { store, warnings } = storeIn(tempDir());
    writeFileSync(store.path, `\uFEFF${JSON.stringify({ schemaVersion: 2, sessions: [session('bom')], cards: {}, settings: {} })}`);
    expect(validSessions(await store.read()).sessions.map((s) => s.id)).toEqual(['bom']);
    await store.update((d) => void d.sessions.push(session('after')));
    expect(JSON.parse(readFileSync(store.path, 'utf8')).sessions.map((s: { id: string }) => s.id)).toEqual(['bom', 'after']);
    writeFileSync(store.path, '  \n');
    await store.update((d) => void d.sessions.push(session('fresh')));
    expect(validSessions(await store.read()).sessions.map((s) => s.id)).toEqual(['fresh']);
    expect(warnings).toEqual([]);
  });

  it('sets aside a store whose sessions, cards or settings have the wrong type, instead of emptying them on save', async () => {
    const { store, warnings } = storeIn(tempDir());
    const odd = JSON.stringify({ schemaVersion: 2, sessions: { 0: session('kept') }, cards: [], settings: {} });
    writeFileSync(store.path, odd);
    await store.update((d) => void d.sessions.push(session('new')));
    const backup = `${store.path}.corrupt-2026-11-27T10-00-00-000Z`;
    expect(readFileSync(backup, 'utf8')).toBe(odd);
    expect(warnings).toEqual([`the score store ${store.path} had "sessions", "cards" of the wrong type; it was kept as ${backup} and a new store was started.`]);
  });

  it('says in one sentence when the store cannot be read at all', async () => {
    const { store } = storeIn(tempDir());
    mkdirSync(store.path);
    await expect(store.read()).rejects.toThrow(`cannot read the score store ${store.path}: EISDIR.`);
  });

  it('writes a session it could not save to a file import takes back', async () => {
    const { store } = storeIn(tempDir());
    const rescued = store.rescue(session('lost') as unknown as SessionRecord);
    expect(rescued).toBe(join(store.dir, 'rescued-ada-2026-11-27T10-00-00-000Z.json'));
    const file = JSON.parse(readFileSync(rescued, 'utf8'));
    expect(file).toMatchObject({ schemaVersion: 1, user: 'ada', sessions: [{ id: 'lost' }] });
    expect(validSessions({ schemaVersion: 2, sessions: file.sessions, cards: {}, settings: {} }).skipped).toBe(0);
  });

  it('checks every field readers use, so a hand edit cannot crash an export', () => {
    const result = session('x').results[0]!;
    const withResult = (changes: Record<string, unknown>) => ({ ...session('x'), results: [{ ...result, ...changes }] });
    expect(isSessionRecord(session('x'))).toBe(true);
    expect(isSessionRecord(withResult({ status: 'ungraded' }))).toBe(true);
    for (const bad of [{ difficulty: undefined }, { keyPointsCovered: 5 }, { answer: 42 }, { picked: 'AB' }, { status: 'done' }, { type: 'essay' }, { score: Number.NaN }]) {
      expect(isSessionRecord(withResult(bad))).toBe(false);
    }
    expect(isSessionRecord({ ...session('x'), completed: 'yes' })).toBe(false);
  });
});

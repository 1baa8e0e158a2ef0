import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportJson } from '../../src/format/export/json.js';
import { buildReviewQueue } from '../../src/review/queue.js';
import { listProfiles, nestedDeeperThan, newestRows, ProfileStore } from '../../src/store/profile-store.js';
import type { SessionRecord } from '../../src/session/types.js';
import { lastResults } from '../../src/session/weak.js';
import { isSessionRecord, migrateStore, STORE_VERSION } from '../../src/store/schema.js';
import { resolveUser } from '../../src/store/user.js';
import { question } from '../helpers/questions.js';
import { tempDir } from '../helpers/temp.js';

const fixedNow = () => new Date('2026-11-27T10:00:00Z');
const FIXTURES = new URL('../fixtures/store/', import.meta.url);

function storeIn(dir: string, user = 'ada') {
  const warnings: string[] = [];
  return { store: new ProfileStore(user, (m) => warnings.push(m), dir, fixedNow), warnings };
}

const session = (id: string, questionId = 'q1', score = 0.5) =>
  ({
    id,
    user: 'ada',
    mode: 'quiz',
    startedAt: '2026-11-27T09:00:00.000Z',
    finishedAt: '2026-11-27T09:10:00.000Z',
    completed: true,
    filters: {},
    score,
    results: [{ questionId, topic: 'mlops', difficulty: 'beginner', type: 'open', score, timeSeconds: 30, timedOut: false, status: 'answered' }],
  }) as SessionRecord;

const ids = async (store: ProfileStore) => (await store.readSessions()).sessions.map((s) => s.id);
const lines = (store: ProfileStore) => readFileSync(store.journalPath, 'utf8').split('\n');

describe('ProfileStore: the journal', () => {
  it('starts empty, appends one line per session and reads them back in order', async () => {
    const { store, warnings } = storeIn(tempDir());
    expect(await store.readSessions()).toEqual({ sessions: [], skipped: 0 });
    await store.appendSession(session('s1'), { schedule: false });
    await store.appendSession(session('s2'), { schedule: false });
    expect(await ids(store)).toEqual(['s1', 's2']);
    expect(lines(store)).toEqual([JSON.stringify({ session: session('s1') }), JSON.stringify({ session: session('s2') }), '']);
    expect(existsSync(store.path)).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('appends and never rewrites: earlier bytes stay exactly as they were', async () => {
    const { store } = storeIn(tempDir());
    await store.appendSession(session('s1'), { schedule: true });
    const before = readFileSync(store.journalPath);
    await store.importSessions([session('s2'), session('s3')]);
    await store.appendSession(session('s4'), { schedule: true });
    expect(readFileSync(store.journalPath).subarray(0, before.length).equals(before)).toBe(true);
    expect(await ids(store)).toEqual(['s1', 's2', 's3', 's4']);
  });

  it('skips hand-edited sessions it cannot read, but never drops them from the journal', async () => {
    const { store } = storeIn(tempDir());
    mkdirSync(store.dir, { recursive: true });
    writeFileSync(
      store.journalPath,
      [{ session: session('good') }, { session: { id: 'broken', score: 'high' } }, { session: 42 }].map((e) => `${JSON.stringify(e)}\n`).join(''),
    );
    expect(await store.readSessions()).toMatchObject({ skipped: 2 });
    await store.appendSession(session('new'), { schedule: false });
    expect(await ids(store)).toEqual(['good', 'new']);
    expect(lines(store)[1]).toBe(JSON.stringify({ session: { id: 'broken', score: 'high' } }));
  });

  it('counts an id saved twice once (two imports of one file at the same moment), the first valid copy', async () => {
    const { store } = storeIn(tempDir());
    mkdirSync(store.dir, { recursive: true });
    const damaged = { ...session('s1'), score: 'x' };
    writeFileSync(store.journalPath, [damaged, session('s1', 'first'), session('s1', 'second')].map((s) => `${JSON.stringify({ session: s })}\n`).join(''));
    const { sessions } = await store.readSessions();
    expect(sessions.map((s) => s.results[0]!.questionId)).toEqual(['first']);
    expect(await store.importSessions([session('s1'), session('s2')])).toBe(1);
    expect((await store.newestSessions(10)).sessions.map((s) => s.id).sort()).toEqual(['s1', 's2']);
  });

  it('sets a torn last line aside, says so in one sentence, and reads everything else', async () => {
    const { store, warnings } = storeIn(tempDir());
    await store.appendSession(session('s1'), { schedule: true });
    await store.appendSession(session('s2'), { schedule: true });
    const torn = JSON.stringify({ session: session('s3') }).slice(0, 70);
    appendFileSync(store.journalPath, torn);
    const offset = readFileSync(store.journalPath).length - torn.length;

    expect(await ids(store)).toEqual(['s1', 's2']);
    const aside = `${store.journalPath}.torn-${offset}`;
    expect(readFileSync(aside, 'utf8')).toBe(torn);
    expect(warnings).toEqual([
      `the last save in ${store.journalPath} was cut off mid-write (70 bytes, kept as ${aside}); every other session reads as before.`,
    ]);

    // The next save starts a line of its own; nothing is reported twice, by this process or the next.
    await store.appendSession(session('s4'), { schedule: true });
    expect(await ids(store)).toEqual(['s1', 's2', 's4']);
    const next = storeIn(store.dir);
    expect(await ids(next.store)).toEqual(['s1', 's2', 's4']);
    expect(Object.keys(await next.store.readSchedule())).toEqual(['q1']);
    expect(warnings).toHaveLength(1);
    expect(next.warnings).toEqual([]);
    expect(store.leftovers()).toEqual([aside]);
  });

  it('reads a last line that another process is still writing as unfinished, not torn', async () => {
    const { store, warnings } = storeIn(tempDir());
    await store.appendSession(session('s1'), { schedule: true });
    const line = `${JSON.stringify({ session: session('s2') })}\n`;
    // A reader that catches another save halfway: the first half is on disk, and the writer (a separate process,
    // since the reader blocks its own thread while it waits) finishes the line moments after the reader started.
    const script = `process.stdin.once('data', () => { require('node:fs').appendFileSync(${JSON.stringify(store.journalPath)}, ${JSON.stringify(line.slice(70))}); process.exit(0); }); console.log('ready');`;
    const writer = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise((resolve) => writer.stdout.once('data', resolve));
    const finished = new Promise((resolve) => writer.once('exit', resolve));
    appendFileSync(store.journalPath, line.slice(0, 70));
    const reading = ids(store);
    writer.stdin.write('go\n');
    // Whether the reader saw the line unfinished or finished, it never counts it as cut off.
    expect([['s1'], ['s1', 's2']]).toContainEqual(await reading);
    await finished;
    expect(warnings).toEqual([]);
    expect(store.leftovers()).toEqual([]);
    expect(await ids(storeIn(store.dir).store)).toEqual(['s1', 's2']);
  });

  it('seals a torn line before the next save even when no reader saw it', async () => {
    const { store, warnings } = storeIn(tempDir());
    await store.appendSession(session('s1'), { schedule: false });
    appendFileSync(store.journalPath, '{"session":{"id":"half');
    await store.appendSession(session('s2'), { schedule: false });
    expect(await ids(store)).toEqual(['s1', 's2']);
    expect(warnings).toEqual([expect.stringMatching(/^the line at byte \d+ of .* is damaged and skipped \(kept as .*\.damaged-\d+\)\.$/)]);
  });

  it('keeps a line with bytes that are not UTF-8 as it is, copies it aside once and says so', async () => {
    const { store, warnings } = storeIn(tempDir());
    mkdirSync(store.dir, { recursive: true });
    const line = Buffer.from(
      `${JSON.stringify({ session: { ...session('latin'), results: [{ ...session('latin').results[0]!, answer: 'caf\u00e9' }] } })}\n`,
      'latin1',
    );
    writeFileSync(store.journalPath, line);
    const { sessions } = await store.readSessions();
    expect(sessions[0]!.results[0]!.answer).toBe('caf\ufffd');
    expect(await ids(store)).toEqual(['latin']);
    expect(warnings).toEqual([
      `a session at byte 0 of ${store.journalPath} holds bytes that are not UTF-8 (Latin-1?), which read as "�"; the line is kept as it was in the journal, and copied to ${store.journalPath}.not-utf8-0.`,
    ]);
    expect(readFileSync(store.journalPath).equals(line)).toBe(true);
  });

  it('skips a line nested too deeply to walk, instead of overflowing the stack later', async () => {
    const { store, warnings } = storeIn(tempDir());
    mkdirSync(store.dir, { recursive: true });
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const inFilters = JSON.stringify({ session: { ...session('deep-filters'), filters: { x: 0 } } }).replace('{"x":0}', `{"x":${deep}}`);
    const inResult = JSON.stringify({ session: session('deep-result') }).replace('"status":"answered"', `"status":"answered","extra":${deep}`);
    writeFileSync(store.journalPath, `{"session":${deep}}\n${inFilters}\n${inResult}\n${JSON.stringify({ session: session('ok') })}\n`);
    expect(await ids(store)).toEqual(['ok']);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/^the line at byte 0 of .* is damaged and skipped/);
    expect(nestedDeeperThan({ a: [[{}]] }, 3)).toBe(true);
    expect(nestedDeeperThan({ a: [{}] }, 3)).toBe(false);
  });

  it('says in one sentence when the journal cannot be read at all', async () => {
    const { store } = storeIn(tempDir());
    mkdirSync(store.journalPath, { recursive: true });
    await expect(store.readSessions()).rejects.toThrow(`cannot read the session journal ${store.journalPath}: EISDIR.`);
  });
});

describe('ProfileStore: the schedule and the index are snapshots of a journal prefix', () => {
  it('moves the schedule only for sessions saved with it, and rebuilds the same schedule from the journal', async () => {
    const { store } = storeIn(tempDir());
    await store.appendSession(session('a', 'q1', 1), { schedule: true });
    await store.appendSession(session('cram', 'q2', 1), { schedule: false });
    const update = await store.appendSession(session('b', 'q3', 0.2), { schedule: true });
    expect(Object.keys(update!.cards).sort()).toEqual(['q1', 'q3']);
    const saved = { ...(await store.readSchedule()) };
    const fresh = storeIn(store.dir).store;
    writeFileSync(`${store.journalPath}.schedule`, 'not json');
    expect({ ...(await fresh.readSchedule()) }).toEqual(saved);
  });

  it('catches up a snapshot written late by a stalled saver: it is behind, never wrong', async () => {
    const { store } = storeIn(tempDir());
    await store.appendSession(session('a', 'q1', 1), { schedule: true });
    const late = readFileSync(`${store.journalPath}.schedule`);
    await store.summary();
    const lateIndex = readFileSync(`${store.journalPath}.index`);
    await store.appendSession(session('b', 'q2', 1), { schedule: true });
    await store.importSessions([session('c')]);
    // The stalled process renames its old snapshots over the newer ones.
    writeFileSync(`${store.journalPath}.schedule`, late);
    writeFileSync(`${store.journalPath}.index`, lateIndex);
    const reader = storeIn(store.dir).store;
    expect(Object.keys(await reader.readSchedule()).sort()).toEqual(['q1', 'q2']);
    expect(await reader.summary()).toEqual({ count: 3, lastStartedAt: '2026-11-27T09:00:00.000Z', skipped: 0 });
    expect(JSON.parse(readFileSync(`${store.journalPath}.schedule`, 'utf8')).bytes).toBe(readFileSync(store.journalPath).length);
  });

  it('ignores a snapshot of another journal (a profile deleted and started again)', async () => {
    const { store } = storeIn(tempDir());
    await store.appendSession(session('a', 'q1', 1), { schedule: true });
    const old = readFileSync(`${store.journalPath}.schedule`);
    await store.remove();
    await store.appendSession(session('b', 'q2', 1), { schedule: true });
    writeFileSync(`${store.journalPath}.schedule`, old);
    expect(Object.keys(await storeIn(store.dir).store.readSchedule())).toEqual(['q2']);
  });

  it('finds the newest sessions and a session by id through the index, reading only those lines', async () => {
    const { store } = storeIn(tempDir());
    await store.importSessions([
      { ...session('old'), startedAt: '2026-11-01T08:00:00.000Z' },
      { ...session('newest'), startedAt: '2026-11-20T08:00:00.000Z' },
      { ...session('middle'), startedAt: '2026-11-10T08:00:00.000Z' },
    ]);
    expect((await store.newestSessions(2)).sessions.map((s) => s.id)).toEqual(['newest', 'middle']);
    expect(await store.newestSessions(1, (id) => id.startsWith('mid'))).toMatchObject({ total: 1, everything: 3, sessions: [{ id: 'middle' }] });
    // A journal edited under the index: the index is dropped and the answer comes from reading it all.
    writeFileSync(
      store.journalPath,
      `${JSON.stringify({ session: { ...session('other'), startedAt: '2026-11-05T08:00:00.000Z' } })}\n`.padEnd(readFileSync(store.journalPath).length, ' '),
    );
    expect((await storeIn(store.dir).store.newestSessions(5)).sessions.map((s) => s.id)).toEqual(['other']);
  });

  it('gives stats the sessions the journal holds, from a compact snapshot that folds in what came after it', async () => {
    const { store } = storeIn(tempDir());
    await store.importSessions([session('a'), session('b', 'q2', 1)]);
    const first = await store.readStatsSessions();
    expect(first).toEqual({
      skipped: 0,
      sessions: [session('a'), session('b', 'q2', 1)].map(({ id, startedAt, results }) => ({ id, startedAt, results })),
    });
    const header = () => JSON.parse(readFileSync(`${store.journalPath}.stats`, 'utf8').split('\n')[0]!) as { bytes: number };
    const covered = header().bytes;
    await store.appendSession(session('c'), { schedule: false });
    appendFileSync(store.journalPath, `${JSON.stringify({ session: { id: 'broken' } })}\n${JSON.stringify({ session: session('a', 'again') })}\n`);
    const later = await storeIn(store.dir).store.readStatsSessions();
    expect(later.sessions.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(later.sessions[0]!.results[0]!.questionId).toBe('q1');
    expect(later.skipped).toBe(1);
    // A short tail is folded in by each reader rather than written back.
    expect(header().bytes).toBe(covered);
  });

  it('imports into a long history without rewriting its index, and writes the index back once it is far behind', async () => {
    const { store } = storeIn(tempDir());
    const answer = 'x'.repeat(4000);
    const long = (id: string) => ({ ...session(id), results: [{ ...session(id).results[0]!, answer }] }) as SessionRecord;
    await store.importSessions(Array.from({ length: 50 }, (_, i) => long(`old-${i}`)));
    const indexPath = `${store.journalPath}.index`;
    const header = () => JSON.parse(readFileSync(indexPath, 'utf8').split('\n')[0]!) as { bytes: number };
    const written = readFileSync(indexPath);
    expect(header().bytes).toBe(readFileSync(store.journalPath).length);
    // One session of about 4 KB: folded in by readers, the file left as it was.
    expect(await store.importSessions([long('new-1')])).toBe(1);
    expect(readFileSync(indexPath).equals(written)).toBe(true);
    expect(await storeIn(store.dir).store.summary()).toMatchObject({ count: 51 });
    expect((await storeIn(store.dir).store.newestSessions(100)).sessions.map((s) => s.id)).toContain('new-1');
    // Importing it again adds nothing, although only the journal has it.
    expect(await storeIn(store.dir).store.importSessions([long('new-1')])).toBe(0);
    // More than 64 KB of journal behind: the import writes the index back.
    expect(await store.importSessions(Array.from({ length: 20 }, (_, i) => long(`more-${i}`)))).toBe(20);
    expect(header().bytes).toBe(readFileSync(store.journalPath).length);
    expect(await storeIn(store.dir).store.summary()).toMatchObject({ count: 71 });
  });

  it('imports what the profile does not have, whether it checks ids one by one or in a set: what reading every session gives', async () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'constructor', '__proto__', 'x\ty', 'q"');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(id, { minLength: 1, maxLength: 7 }), { minLength: 1, maxLength: 6 }), async (batches) => {
        const { store } = storeIn(tempDir());
        const known = new Set<string>();
        for (const batch of batches) {
          const fresh = new Set(batch.filter((one) => !known.has(one)));
          expect(await storeIn(store.dir).store.importSessions(batch.map((one) => session(one)))).toBe(fresh.size);
          for (const one of batch) known.add(one);
          const reader = storeIn(store.dir).store;
          expect(new Set(await ids(reader))).toEqual(known);
          // Each id once in the journal, a repeat within one import included.
          expect(lines(store).filter(Boolean)).toHaveLength(known.size);
          expect((await reader.summary()).count).toBe(known.size);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keeps each question\'s latest result for "last time": what reading every session gives, as sessions come', async () => {
    const day = fc.integer({ min: 1, max: 4 }).map((d) => `2026-11-0${d}T09:00:00.000Z`);
    const saved = fc.record({
      questions: fc.uniqueArray(fc.constantFrom('q1', 'q2', 'q3', 'constructor', '__proto__'), { minLength: 1, maxLength: 3 }),
      startedAt: day,
      score: fc.constantFrom(0, 0.5, 1),
      how: fc.constantFrom('quiz', 'import', 'read'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(saved, { minLength: 1, maxLength: 8 }), async (steps) => {
        const { store } = storeIn(tempDir());
        for (const [i, step] of steps.entries()) {
          const one = session(`s${i}`, step.questions[0], step.score);
          const record = { ...one, startedAt: step.startedAt, results: step.questions.map((q) => ({ ...one.results[0]!, questionId: q })) };
          if (step.how === 'quiz') await store.appendSession(record, { schedule: false });
          else if (step.how === 'import') await store.importSessions([record]);
          else await store.readLatestResults();
          const expected = lastResults((await store.readSessions()).sessions);
          expect(await storeIn(store.dir).store.readLatestResults()).toEqual(expected);
          expect(await storeIn(store.dir).store.readLatestResults({ turns: 1 })).toEqual(expected);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('rebuilds the latest results from the journal when their file is damaged, tampered with or of another journal', async () => {
    const { store } = storeIn(tempDir());
    await store.appendSession({ ...session('a', 'q1', 1), startedAt: '2026-11-01T09:00:00.000Z' }, { schedule: false });
    await store.appendSession({ ...session('b', 'q1', 0), startedAt: '2026-11-02T09:00:00.000Z' }, { schedule: false });
    const latest = await store.readLatestResults();
    expect(latest.get('q1')?.score).toBe(0);
    const file = `${store.journalPath}.latest`;
    const good = readFileSync(file, 'utf8');
    const tampered = [
      'not json',
      good.replace('"questionId":"q1"', '"questionId":"q2"'),
      good.replace('"score":0', '"score":"0"'),
      // A time no session has, which would keep every later result out.
      good.replace('"at":"2026-11-02T09:00:00.000Z"', '"at":"zzzz"'),
    ];
    for (const damaged of tampered) {
      expect(damaged).not.toBe(good);
      writeFileSync(file, damaged);
      expect(await storeIn(store.dir).store.readLatestResults()).toEqual(latest);
    }
    // A profile deleted and started again, with a longer journal than the one the file was made from.
    await store.remove();
    for (const id of ['c', 'd', 'e']) await store.appendSession(session(id, 'q2', 1), { schedule: false });
    writeFileSync(file, good);
    expect([...(await storeIn(store.dir).store.readLatestResults()).keys()]).toEqual(['q2']);
  });

  it('keeps a question id such as constructor or __proto__ an ordinary card', async () => {
    const { store } = storeIn(tempDir());
    for (const id of ['constructor', '__proto__', 'toString']) await store.appendSession(session(id, id, 1), { schedule: true });
    const cards = await storeIn(store.dir).store.readSchedule();
    expect(Object.keys(cards).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(({} as Record<string, unknown>).reps).toBeUndefined();
    const queue = buildReviewQueue([question('constructor'), question('hasOwnProperty')], cards, new Date('2026-11-27T11:00:00Z'));
    expect(queue.damaged).toEqual([]);
    expect(queue.fresh.map((q) => q.id)).toEqual(['hasOwnProperty']);
  });
});

describe('ProfileStore: upgrading profile files written by mle-prep 0.1.0', () => {
  function withFixture(name: string) {
    const dir = tempDir();
    const { store, warnings } = storeIn(dir, 'fixture');
    copyFileSync(new URL(name, FIXTURES), store.path);
    return { store, warnings, original: readFileSync(store.path) };
  }

  it('moves a version 2 file (sessions, cards, settings) into the journal, keeping the old file as a backup', async () => {
    const { store, warnings, original } = withFixture('profile-v2.json');
    const old = JSON.parse(original.toString('utf8'));
    expect((await store.readSessions()).sessions).toEqual(old.sessions);
    expect({ ...(await store.readSchedule()) }).toEqual(old.cards);
    expect(await store.readProfileMeta()).toEqual({ schemaVersion: STORE_VERSION, settings: { newPerDay: 7 } });
    const backup = join(store.dir, 'profile-fixture.json.v2-backup-2026-11-27T10-00-00-000Z');
    expect(readFileSync(backup).equals(original)).toBe(true);
    expect(warnings).toEqual([
      `upgraded the score store ${store.path} from version 2 to 3: sessions now live in profile-fixture.jsonl beside it, and the old file is kept there as profile-fixture.json.v2-backup-2026-11-27T10-00-00-000Z.`,
    ]);
    // Once only: a second process finds the new layout and changes nothing.
    const journal = readFileSync(store.journalPath);
    const again = storeIn(store.dir, 'fixture');
    expect((await again.store.readSessions()).sessions).toHaveLength(3);
    expect(again.warnings).toEqual([]);
    expect(readFileSync(store.journalPath).equals(journal)).toBe(true);
    // The review a card of the old file schedules goes on from that card.
    const update = await again.store.appendSession(session('after', 'career-behavioural-cutting-scope', 1), { schedule: true });
    expect((update!.cards['career-behavioural-cutting-scope'] as { reps: number }).reps).toBe(2);
  });

  it('moves a version 1 file (sessions only)', async () => {
    const { store, warnings, original } = withFixture('profile-v1.json');
    expect((await store.readSessions()).sessions).toEqual(JSON.parse(original.toString('utf8')).sessions);
    expect({ ...(await store.readSchedule()) }).toEqual({});
    expect(warnings[0]).toMatch(/from version 1 to 3/);
    expect(readdirSync(store.dir).filter((f) => f.includes('.v1-backup-'))).toHaveLength(1);
  });

  it('finishes an upgrade that was stopped after the journal was written, without a second copy', async () => {
    const { store, original } = withFixture('profile-v2.json');
    await store.readSessions();
    const journal = readFileSync(store.journalPath);
    writeFileSync(store.path, original);
    const { store: again } = storeIn(store.dir, 'fixture');
    expect((await again.readSessions()).sessions).toHaveLength(3);
    expect(readFileSync(store.journalPath).equals(journal)).toBe(true);
  });

  it('says when the old file held bytes that are not UTF-8, and the backup keeps them', async () => {
    const { store, warnings } = storeIn(tempDir(), 'fixture');
    mkdirSync(store.dir, { recursive: true });
    const bytes = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        sessions: [{ ...session('x'), results: [{ ...session('x').results[0]!, answer: 'na\u00efve' }] }],
        cards: {},
        settings: {},
      }),
      'latin1',
    );
    writeFileSync(store.path, bytes);
    expect((await store.readSessions()).sessions[0]!.results[0]!.answer).toBe('na\ufffdve');
    expect(warnings[0]).toMatch(/It held bytes that are not UTF-8 \(Latin-1\?\), which now read as "�"; the backup keeps them as they were\.$/);
    const backup = readdirSync(store.dir).find((f) => f.includes('.v2-backup-'))!;
    expect(readFileSync(join(store.dir, backup)).equals(bytes)).toBe(true);
  });

  it('sets aside a file nested 20,000 levels deep instead of failing every later save', async () => {
    const { store, warnings } = storeIn(tempDir());
    mkdirSync(store.dir, { recursive: true });
    const deep = `{"schemaVersion":2,"sessions":[],"settings":{"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`;
    writeFileSync(store.path, deep);
    await store.appendSession(session('s1'), { schedule: true });
    await store.updateProfileMeta((meta) => void (meta.settings.newPerDay = 3));
    expect(await ids(store)).toEqual(['s1']);
    expect(warnings).toEqual([
      `the profile file ${store.path} nested deeper than 64 levels; it was kept as ${store.path}.corrupt-2026-11-27T10-00-00-000Z and a new one was started.`,
    ]);
    expect(readFileSync(`${store.path}.corrupt-2026-11-27T10-00-00-000Z`, 'utf8')).toBe(deep);
  });
});

describe('ProfileStore: the profile file', () => {
  it('keeps a file that is not valid JSON aside, says where, and starts afresh', async () => {
    const { store, warnings } = storeIn(tempDir());
    mkdirSync(store.dir, { recursive: true });
    writeFileSync(store.path, '{"schemaVersion": 3, "settings": {"newPer');
    expect((await store.readProfileMeta()).settings).toEqual({});
    const backup = `${store.path}.corrupt-2026-11-27T10-00-00-000Z`;
    expect(readFileSync(backup, 'utf8')).toBe('{"schemaVersion": 3, "settings": {"newPer');
    expect(warnings).toEqual([`the profile file ${store.path} was not valid JSON; it was kept as ${backup} and a new one was started.`]);
  });

  it('keeps settings and fields it does not know when metadata changes', async () => {
    const { store } = storeIn(tempDir());
    mkdirSync(store.dir, { recursive: true });
    writeFileSync(store.path, JSON.stringify({ schemaVersion: 3, settings: { newPerDay: 4 }, interviewDate: '2027-01-10' }));
    await store.updateProfileMeta((meta) => void (meta.settings.newPerDay = 6));
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual({ schemaVersion: 3, settings: { newPerDay: 6 }, interviewDate: '2027-01-10' });
  });

  it('runs a change again on what a process that took over the lock wrote meanwhile, instead of writing over it', async () => {
    const { store } = storeIn(tempDir());
    await store.updateProfileMeta((meta) => void (meta.settings.newPerDay = 1));
    let runs = 0;
    await store.updateProfileMeta((meta) => {
      runs++;
      if (runs === 1) writeFileSync(store.path, JSON.stringify({ schemaVersion: 3, settings: { newPerDay: 1 }, interviewDate: '2027-02-01' }));
      meta.settings.newPerDay = 5;
    });
    expect(runs).toBe(2);
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual({ schemaVersion: 3, settings: { newPerDay: 5 }, interviewDate: '2027-02-01' });
  });

  it('reads a store from a newer mle-prep but refuses to write it, leaving it untouched', async () => {
    const { store } = storeIn(tempDir());
    mkdirSync(store.dir, { recursive: true });
    const newer = JSON.stringify({ schemaVersion: 9, somethingNew: true });
    writeFileSync(store.path, newer);
    await expect(store.checkWritable()).rejects.toThrow(
      /written by a newer mle-prep \(store version 9; this one understands 3\)\. Upgrade mle-prep to save results; nothing was changed\./,
    );
    await expect(store.appendSession(session('x'), { schedule: false })).rejects.toThrow(/newer mle-prep/);
    await expect(store.importSessions([session('x')])).rejects.toThrow(/newer mle-prep/);
    await expect(store.updateProfileMeta(() => undefined)).rejects.toThrow(/newer mle-prep/);
    expect(readFileSync(store.path, 'utf8')).toBe(newer);
    expect(existsSync(store.journalPath)).toBe(false);
  });

  it('reads a profile file an editor saved with a byte-order mark, or left holding only whitespace', async () => {
    const { store, warnings } = storeIn(tempDir());
    mkdirSync(store.dir, { recursive: true });
    writeFileSync(store.path, `\uFEFF${JSON.stringify({ schemaVersion: 3, settings: { newPerDay: 2 } })}`);
    expect((await store.readProfileMeta()).settings).toEqual({ newPerDay: 2 });
    writeFileSync(store.path, '  \n');
    expect((await storeIn(store.dir).store.readProfileMeta()).settings).toEqual({});
    expect(warnings).toEqual([]);
  });

  it('sets aside a version 2 file whose sessions, cards or settings have the wrong type, instead of emptying them', async () => {
    const { store, warnings } = storeIn(tempDir());
    mkdirSync(store.dir, { recursive: true });
    const odd = JSON.stringify({ schemaVersion: 2, sessions: { 0: session('kept') }, cards: [], settings: {} });
    writeFileSync(store.path, odd);
    await store.appendSession(session('new'), { schedule: false });
    const backup = `${store.path}.corrupt-2026-11-27T10-00-00-000Z`;
    expect(readFileSync(backup, 'utf8')).toBe(odd);
    expect(warnings).toEqual([`the profile file ${store.path} had "sessions", "cards" of the wrong type; it was kept as ${backup} and a new one was started.`]);
  });
});

describe('ProfileStore: profiles, leftovers and reset', () => {
  it('keeps profiles apart and lists them, whether they have a profile file, a journal or both', async () => {
    const dir = tempDir();
    await storeIn(dir, 'ada').store.appendSession(session('a'), { schedule: false });
    await storeIn(dir, 'bob').store.updateProfileMeta((meta) => void (meta.settings.newPerDay = 1));
    await storeIn(dir, 'ada.jsonl').store.appendSession(session('c'), { schedule: false });
    expect(listProfiles(dir)).toEqual(['ada', 'ada.jsonl', 'bob']);
    expect(await ids(storeIn(dir, 'ada').store)).toEqual(['a']);
    await storeIn(dir, 'ada').store.remove();
    expect(listProfiles(dir)).toEqual(['ada.jsonl', 'bob']);
    expect(await ids(storeIn(dir, 'ada.jsonl').store)).toEqual(['c']);
  });

  it('removes temporary files a crashed save left, and reset removes every file of the profile', async () => {
    const { store } = storeIn(tempDir());
    await store.appendSession(session('a'), { schedule: true });
    const old = new Date(Date.now() - 3_600_000);
    const crashed = [
      `${store.path}.tmp-1764230400abcdef`,
      `${store.journalPath}.schedule.tmp-4242-0badf00d`,
      `${store.journalPath}.latest.tmp-4242-0badf00d`,
      `${store.journalPath}.tmp-4242-0badf00d`,
    ];
    const live = `${store.journalPath}.index.tmp-${process.pid}-12345678`;
    for (const file of crashed) {
      writeFileSync(file, 'partial');
      utimesSync(file, old, old);
    }
    writeFileSync(live, 'being written');
    await store.appendSession(session('b'), { schedule: false });
    expect(crashed.filter((f) => existsSync(f))).toEqual([]);
    expect(existsSync(live)).toBe(true);
    writeFileSync(`${store.journalPath}.torn-12`, 'x');
    writeFileSync(`${store.dir}/profile-bob.jsonl`, '');
    await store.readLatestResults();
    expect(existsSync(`${store.journalPath}.latest`)).toBe(true);
    await store.remove();
    expect(readdirSync(store.dir).filter((f) => !f.endsWith('.lock'))).toEqual(['profile-bob.jsonl']);
  });

  it('writes a session it could not save to a file import takes back', async () => {
    const { store } = storeIn(tempDir());
    const rescued = store.rescue(exportJson({ user: 'ada', generatedAt: '2026-11-27T10:00:00.000Z', sessions: [session('lost')], questions: new Map() }));
    expect(rescued).toBe(join(store.dir, 'rescued-ada-2026-11-27T10-00-00-000Z.json'));
    const file = JSON.parse(readFileSync(rescued, 'utf8'));
    expect(file).toMatchObject({ schemaVersion: 1, user: 'ada', sessions: [{ id: 'lost' }] });
    expect(file.sessions.filter((s: unknown) => !isSessionRecord(s))).toEqual([]);
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
});

describe('isSessionRecord', () => {
  it('checks every field readers use, so a hand edit cannot crash an export', () => {
    const result = session('x').results[0]!;
    const withResult = (changes: Record<string, unknown>) => ({ ...session('x'), results: [{ ...result, ...changes }] });
    expect(isSessionRecord(session('x'))).toBe(true);
    expect(isSessionRecord(withResult({ status: 'ungraded' }))).toBe(true);
    for (const bad of [
      { difficulty: undefined },
      { keyPointsCovered: 5 },
      { answer: 42 },
      { picked: 'AB' },
      { status: 'done' },
      { type: 'essay' },
      { score: Number.NaN },
    ]) {
      expect(isSessionRecord(withResult(bad))).toBe(false);
    }
    expect(isSessionRecord({ ...session('x'), completed: 'yes' })).toBe(false);
  });
});

describe('ProfileStore: reading the history in turns', () => {
  it('gives the same sessions when it gives way to other work every few lines', async () => {
    const { store } = storeIn(tempDir());
    await store.importSessions(Array.from({ length: 7 }, (_, i) => session(`t${i}`)));
    expect(await store.readSessions({ turns: 2 })).toEqual(await store.readSessions());
  });
});

describe('newestRows: the newest sessions of the index without parsing the rest', () => {
  it('gives what parsing every row, filtering and a stable sort by start time give', () => {
    const time = fc.oneof(
      fc.integer({ min: 0, max: 5 }).map((d) => `2026-11-0${d + 1}T09:00:00.000Z`),
      fc.constantFrom('2026-11-03T09:00:00.000Z\\', 'x"y', ''),
    );
    const row = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd\te', 'f"g', '__proto__'), started: time, broken: fc.boolean() });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.constantFrom(0, 1, 3, 64, 65, 200), fc.boolean(), (rows, limit, filtered) => {
        const lines = rows.map((r, i) =>
          r.broken ? `${JSON.stringify(r.id)}\t${JSON.stringify(r.started)}` : `${JSON.stringify(r.id)}\t${JSON.stringify(r.started)}\t${i}\t${i + 1}`,
        );
        const filter = filtered ? (id: string) => id !== 'b' : undefined;
        const entries = lines.flatMap((line) => {
          const [id, startedAt, offset, end] = line.split('\t');
          return end === undefined ? [] : [[JSON.parse(id!) as string, JSON.parse(startedAt!) as string, Number(offset), Number(end)] as const];
        });
        const chosen = entries.filter((e) => !filter || filter(e[0]));
        const sorted = [...chosen].sort((a, b) => (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
        expect(newestRows(['', ...lines], limit, filter)).toEqual({ newest: sorted.slice(0, limit), total: chosen.length, everything: entries.length });
      }),
      { numRuns: 500 },
    );
  });
});

// The one place that touches a profile's files. Sessions live in an append-only journal (profile-<user>.jsonl,
// one entry per line, see journal.ts), which is the source of truth: two savers can only ever add lines, so no
// save can undo another, however long one stalls. What is derived from the sessions (the review schedule, and an
// index of session ids and places) is kept in snapshot files that say which prefix of the journal they cover;
// a reader folds in the lines after that prefix, so a snapshot written late by a stalled process is merely
// behind, never wrong. The profile file (profile-<user>.json, written by conf) keeps settings and other
// profile metadata; changing it is the one read-modify-write, done under a lock and re-checked just before the
// write. Profile files of versions 1 and 2 (sessions, cards and settings in one JSON file) are moved into this
// layout on first use, with a backup copy of the old file.
import { Buffer, isUtf8 } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type Conf from 'conf';
import { CliError } from '../errors.js';
import type { CardUpdate } from '../review/cards.js';
import type { SummaryResult } from '../session/summarize.js';
import { isGraded, type ResultRecord, type SessionRecord } from '../session/types.js';
import { noteLatestResults, type LatestResults } from '../session/weak.js';
import type { StatsResult, StatsSession } from '../stats/aggregate.js';
import { appendLines, journalLines, readLineAt, type JournalLine } from './journal.js';
import {
  isResultRecord,
  isSessionRecord,
  migrateStore,
  STORE_VERSION,
  storeVersion,
  wrongTypedFields,
  type ProfileMeta,
  type StoreSettings,
} from './schema.js';

const PROFILE_FILE = /^profile-([A-Za-z0-9][A-Za-z0-9._-]*)\.jsonl?$/;
/** A lock not refreshed for this long was left by a process that stopped or died, and is taken over. */
const STALE_LOCK_MS = 10_000;
/** How long to wait for a lock that its holder keeps refreshing before giving up. */
const LOCK_PATIENCE_MS = 60_000;
/** A temporary file this old belongs to a save that crashed (or stalled past any use) and is removed. */
const TEMP_FILE_MAX_AGE_MS = 60_000;
/** Nesting no mle-prep file has; deeper JSON would overflow the stack of whatever walks it next. */
const MAX_DEPTH = 64;
/** How far behind the stats snapshot may be before a reader writes it back (folding in the rest is cheaper). */
const STATS_SLACK_BYTES = 1 << 20;
/**
 * The same for the session index, which every import and history read loads whole: at 60,000 sessions it is 4 MB,
 * rewritten (with the rename that frees the old copy) far more slowly than a reader folds in this much journal.
 */
const INDEX_SLACK_BYTES = 64 << 10;
/**
 * How long a last line without its newline may take to finish before it counts as cut off. Another process's save
 * is one write() that a reader can catch halfway (the kernel copies it in pages); it ends within moments, while a
 * line torn by a crash never does.
 */
const TORN_GRACE_MS = 500;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Profile names that have a profile file or a journal in `dir`. */
export function listProfiles(dir: string): string[] {
  try {
    return [...new Set(readdirSync(dir).flatMap((name) => PROFILE_FILE.exec(name)?.[1] ?? []))].sort();
  } catch {
    return [];
  }
}

export type Warn = (message: string) => void;

/** A store file's JSON: an editor's byte-order mark is skipped, and an empty file is an empty store. */
export function storeJson(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.trim() === '' ? {} : JSON.parse(body);
}

/** Whether `value` nests deeper than `limit` objects or arrays; walked without recursion. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * nestedDeeperThan for a journal entry, cheaper for the usual shape: a session's results are looked into only
 * where they hold objects or lists (a list of numbers is as deep as it gets), since every line is checked.
 */
function entryTooDeep(entry: Record<string, unknown>): boolean {
  const session = entry.session;
  if (!isObject(session)) return nestedDeeperThan(entry, MAX_DEPTH);
  for (const [key, value] of Object.entries(session)) {
    if (typeof value !== 'object' || value === null) continue;
    if (key !== 'results' || !Array.isArray(value)) {
      if (nestedDeeperThan(value, MAX_DEPTH - 2)) return true;
      continue;
    }
    for (const result of value) {
      if (!isObject(result)) {
        if (nestedDeeperThan(result, MAX_DEPTH - 3)) return true;
        continue;
      }
      for (const field in result) {
        const inner = result[field];
        if (typeof inner !== 'object' || inner === null) continue;
        if (Array.isArray(inner) && inner.every((n) => typeof n === 'number')) continue;
        if (nestedDeeperThan(inner, MAX_DEPTH - 4)) return true;
      }
    }
  }
  return false;
}

function timestamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A stored snapshot of latest results, as readLatestResults writes it: graded results, each under its own id. */
const isLatestResults = (raw: unknown): raw is LatestResults =>
  isObject(raw) &&
  Object.entries(raw).every(
    ([id, latest]) =>
      isObject(latest) &&
      typeof latest.at === 'string' &&
      !Number.isNaN(Date.parse(latest.at)) &&
      isResultRecord(latest.result) &&
      isGraded(latest.result) &&
      latest.result.questionId === id,
  );
const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** One parsed journal line. */
/** A profile read whole, for commands that weigh all of it (plan, stats' readiness forecast). */
export interface ProfileView {
  sessions: SessionRecord[];
  skipped: number;
  cards: Record<string, unknown>;
  settings: StoreSettings;
}

type Entry =
  /** `retention`: the desired retention in force when the session moved the schedule (replayed the same way). */
  | { kind: 'session'; session: unknown; reviewedAt?: string; retention?: number }
  /** The review schedule a version 2 store had when it was upgraded: the starting point of the fold. */
  | { kind: 'cards'; cards: Record<string, unknown> };

/** A row of a row snapshot, made from a session and its journal line. */
type RowOf = (session: SessionRecord, line: JournalLine) => string;

/** The session index's row: the start time and the line's bounds. */
const indexRow: RowOf = (session, line) => `${JSON.stringify(session.startedAt)}\t${line.offset}\t${line.end}`;

/** A session's place in the journal, so a few can be read without parsing the rest: id, start, line bounds. */
type IndexEntry = [id: string, startedAt: string, offset: number, end: number];

/** Where a session's line is in the journal, with what a summary of its results needs. */
export interface SessionPlace {
  startedAt: string;
  offset: number;
  end: number;
  results: SummaryResult[];
}

interface Snapshot<T> {
  /** How much of the journal it covers. */
  bytes: number;
  /**
   * Which journal: a digest of that journal's first bytes and of the bytes just before `bytes`. A profile
   * deleted and started again (its journal may even get the same inode) has other bytes there.
   */
  journal: string;
  data: T;
}

interface Fold<T> {
  file: string;
  empty(): T;
  /** The stored data, or undefined when it is not what this version writes (then it is rebuilt). */
  restore(raw: unknown): T | undefined;
  apply(data: T, entry: Entry, line: JournalLine): void;
}

/**
 * A snapshot with a row per session (the session index, what stats read), as stored: a header line (which
 * journal, how much of it, how many session lines were skipped), then a line per session, `<id as JSON><tab><row>`.
 * An import asks whether an id is there by searching these bytes, without parsing them, so a save into a long
 * history stays about as cheap as into a new one.
 */
interface RowSnapshot {
  bytes: number;
  /** How much of the journal the file on disk covers (0: there is none yet, or it was of no use). */
  saved: number;
  journal: string;
  /** Session lines a hand edit or a crash broke (skipped by readers, kept in the journal). */
  skipped: number;
  /** The stored entry lines (each starting with a newline), and those folded in from the journal since. */
  stored: Buffer;
  added: string[];
  addedIds: Set<string>;
}

/**
 * The `limit` newest rows of the session index (by start time; of equal times, the earlier saved first), newest
 * first, parsed; how many `filter` takes, and how many rows there are. The other rows are not parsed: a start time
 * is compared as it is stored, a JSON string of an ISO time (one with an escape in it is parsed first).
 */
export function newestRows(
  lines: readonly string[],
  limit: number,
  filter?: (id: string) => boolean,
): { newest: IndexEntry[]; total: number; everything: number } {
  // A few are kept in order as they come; many (a long --limit) are sorted once at the end.
  const few = limit <= 64;
  const top: Array<{ started: string; line: string }> = [];
  let total = 0;
  let everything = 0;
  // From the end: the journal is mostly in time order, so after the first few rows most are older than every kept one.
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    const idEnd = line.indexOf('\t');
    const startedEnd = idEnd === -1 ? -1 : line.indexOf('\t', idEnd + 1);
    // Four fields: id, start time, offset and end (a row a hand edit cut short is left out).
    if (startedEnd === -1 || line.indexOf('\t', startedEnd + 1) === -1) continue;
    everything++;
    if (filter && !filter(JSON.parse(line.slice(0, idEnd)) as string)) continue;
    total++;
    if (limit <= 0) continue;
    const raw = line.slice(idEnd + 1, startedEnd);
    const started = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
    if (!few) {
      top.push({ started, line });
      continue;
    }
    if (top.length === limit && started < top[limit - 1]!.started) continue;
    // Before the rows as new as it: of equal times the earlier saved comes first, as a stable sort keeps it (this one
    // was saved before every row seen so far).
    let at = top.length;
    while (at > 0 && top[at - 1]!.started <= started) at--;
    top.splice(at, 0, { started, line });
    if (top.length > limit) top.pop();
  }
  // Seen last to first: reversed, a stable sort keeps equal times in the order saved.
  if (!few) top.reverse().sort((a, b) => (a.started < b.started ? 1 : a.started > b.started ? -1 : 0));
  const newest = top.slice(0, Math.max(0, limit)).map(({ line }) => {
    const [id, startedAt, offset, end] = line.split('\t');
    return [JSON.parse(id!) as string, JSON.parse(startedAt!) as string, Number(offset), Number(end)] satisfies IndexEntry;
  });
  return { newest, total, everything };
}

export class ProfileStore {
  /** The profile file: settings and metadata (and, before version 3, everything). */
  readonly path: string;
  readonly journalPath: string;
  private readonly scheduleFold: Fold<Record<string, unknown>>;
  /** Each question's latest graded result, for "last time": as long as the bank, however long the history. */
  private readonly latestFold: Fold<LatestResults>;
  private readonly indexPath: string;
  private readonly statsPath: string;
  private checked = false;
  private readonly reported = new Set<number>();
  /** The scheduler (ts-fsrs), loaded only by what reads or moves the schedule, so history and users start lighter. */
  private cards?: typeof import('../review/cards.js');
  /** Question ids whose damaged card started afresh, by the session whose answers found it so. */
  private readonly resets = new Map<string, string[]>();

  constructor(
    readonly user: string,
    private readonly warn: Warn,
    readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.path = join(dir, `profile-${user}.json`);
    this.journalPath = join(dir, `profile-${user}.jsonl`);
    this.scheduleFold = {
      file: `${this.journalPath}.schedule`,
      empty: () => this.cards!.cardTable(),
      restore: (raw) => (isObject(raw) ? this.cards!.cardTable(raw) : undefined),
      apply: (cards, entry) => {
        if (entry.kind === 'cards') {
          for (const key of Object.keys(cards)) delete cards[key];
          Object.assign(cards, entry.cards);
        } else if (entry.reviewedAt !== undefined && isSessionRecord(entry.session)) {
          // Loaded by scheduleModule() before any fold of the schedule.
          const reset = this.cards!.applyResultsInPlace(cards, entry.session.results, new Date(entry.reviewedAt), entry.retention);
          if (reset.length) this.resets.set(entry.session.id, reset);
        }
      },
    };
    this.latestFold = {
      file: `${this.journalPath}.latest`,
      empty: () => Object.create(null) as LatestResults,
      restore: (raw) => (isLatestResults(raw) ? Object.assign(Object.create(null) as LatestResults, raw) : undefined),
      apply: (latest, entry) => {
        if (entry.kind === 'session' && isSessionRecord(entry.session)) noteLatestResults(latest, entry.session);
      },
    };
    this.indexPath = `${this.journalPath}.index`;
    this.statsPath = `${this.journalPath}.stats`;
  }

  // ---- errors in words -------------------------------------------------------------------------------------

  /** A file-system failure as one sentence naming the real cause. */
  private failure(action: string, error: unknown): CliError {
    const code = errorCode(error);
    const cause =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? `${this.dir} (or a folder above it) is a file, not a folder; move it away or set XDG_CONFIG_HOME to another place`
        : code === 'EACCES' || code === 'EPERM'
          ? `permission denied in ${this.dir} (${code})`
          : code === 'EROFS'
            ? `${this.dir} is on a read-only file system`
            : code === 'ENOSPC'
              ? 'the disk is full'
              : (code ?? (error as Error).message);
    return new CliError(`cannot ${action}: ${cause}.`);
  }

  private ensureDir() {
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (error) {
      throw this.failure(`create the score store folder ${this.dir}`, error);
    }
  }

  // ---- the profile file ------------------------------------------------------------------------------------

  /** The profile file's bytes and object, or why it is not one. */
  private readProfileFile(): { bytes?: Buffer; raw: Record<string, unknown> } | { bytes: Buffer; broken: string } {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { raw: {} };
      throw this.failure(`read the profile file ${this.path}`, error);
    }
    let parsed: unknown;
    try {
      parsed = storeJson(bytes.toString('utf8'));
    } catch {
      return { bytes, broken: 'was not valid JSON' };
    }
    if (!isObject(parsed)) return { bytes, broken: 'did not hold an mle-prep store' };
    if (nestedDeeperThan(parsed, MAX_DEPTH)) return { bytes, broken: `nested deeper than ${MAX_DEPTH} levels` };
    const wrong = wrongTypedFields(parsed);
    if (wrong.length) return { bytes, broken: `had ${wrong.join(', ')} of the wrong type` };
    return { bytes, raw: parsed };
  }

  private setAside(reason: string) {
    const backup = `${this.path}.corrupt-${timestamp(this.now())}`;
    try {
      renameSync(this.path, backup);
    } catch (error) {
      throw this.failure(`set aside the damaged profile file ${this.path}`, error);
    }
    this.warn(`the profile file ${this.path} ${reason}; it was kept as ${backup} and a new one was started.`);
  }

  /** The profile metadata as stored (version 3), whatever older or damaged file was there before. */
  private metaFrom(raw: Record<string, unknown>): ProfileMeta {
    const { sessions: _sessions, cards: _cards, ...rest } = raw;
    return { ...rest, schemaVersion: Math.max(storeVersion(raw), STORE_VERSION), settings: isObject(raw.settings) ? (raw.settings as StoreSettings) : {} };
  }

  /**
   * Brings the profile to the current layout once per process: a damaged profile file is set aside, one of
   * version 1 or 2 has its sessions moved into the journal. Reading only, when nothing needs doing.
   */
  private async ready(): Promise<void> {
    if (this.checked) return;
    const file = this.readProfileFile();
    if ('raw' in file && storeVersion(file.raw) >= STORE_VERSION) {
      this.checked = true;
      return;
    }
    await this.withLock(() => this.upgradeLocked());
    this.checked = true;
  }

  /** Under the lock: the work of ready(), re-read because another process may have done it meanwhile. */
  private async upgradeLocked(): Promise<void> {
    const file = this.readProfileFile();
    if ('broken' in file) {
      this.setAside(file.broken);
      return;
    }
    const version = storeVersion(file.raw);
    if (version >= STORE_VERSION) return;
    const backup = `${this.path}.v${version}-backup-${timestamp(this.now())}`;
    try {
      // A copy, not a move: until the new profile file is written, the old one stays where it was.
      copyFileSync(this.path, backup);
    } catch (error) {
      throw this.failure(`back up ${this.path} before upgrading it`, error);
    }
    const { data } = migrateStore(file.raw);
    const lines = [
      ...(Object.keys(data.cards).length ? [JSON.stringify({ cards: data.cards })] : []),
      // Every entry moves, damaged ones too: readers skip them as before, and nothing a hand edit left is lost.
      ...data.sessions.map((session) => JSON.stringify({ session })),
    ];
    if (lines.length) this.writeJournalOnce(`${lines.join('\n')}\n`);
    // Changed under us: a process that took over our lock finished the upgrade; check what it left.
    if (!(await this.writeMeta(this.metaFrom(file.raw), file.bytes))) return this.upgradeLocked();
    const encoding =
      file.bytes && !isUtf8(file.bytes) ? ' It held bytes that are not UTF-8 (Latin-1?), which now read as "�"; the backup keeps them as they were.' : '';
    this.warn(
      `upgraded the score store ${this.path} from version ${version} to ${STORE_VERSION}: sessions now live in ${basename(this.journalPath)} beside it, and the old file is kept there as ${basename(backup)}.${encoding}`,
    );
  }

  /**
   * Creates the journal with the sessions of an upgraded file, complete or not at all: written aside, then
   * linked into place, which fails if a journal exists (an earlier upgrade got this far before it was stopped).
   */
  private writeJournalOnce(text: string) {
    const temp = this.tempName(this.journalPath);
    try {
      appendLines(temp, text);
      linkSync(temp, this.journalPath);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw this.failure(`write the session journal ${this.journalPath}`, error);
    } finally {
      rmSync(temp, { force: true });
    }
  }

  private async conf(): Promise<Conf<ProfileMeta>> {
    const { default: Conf } = await import('conf');
    return new Conf<ProfileMeta>({
      cwd: this.dir,
      configName: `profile-${this.user}`,
      projectSuffix: '',
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
      watch: false,
      serialize: (value) => JSON.stringify(value, null, 2),
      deserialize: (text) => storeJson(text) as ProfileMeta,
    });
  }

  /**
   * Writes the profile file, unless it changed since `expected` was read: then a process that took over a lock
   * we held too long has written it, and our copy must not go over theirs (the caller starts again).
   */
  private async writeMeta(meta: ProfileMeta, expected: Buffer | undefined): Promise<boolean> {
    const conf = await this.conf();
    let current: Buffer | undefined;
    try {
      current = readFileSync(this.path);
    } catch {
      current = undefined;
    }
    if ((current === undefined) !== (expected === undefined) || (current && expected && !current.equals(expected))) return false;
    try {
      conf.store = meta;
    } catch (error) {
      throw this.failure(`write the profile file ${this.path}`, error);
    }
    return true;
  }

  /** Settings and other profile metadata. */
  /** The profile as planning reads it: valid sessions (skipped ones counted), the review schedule and settings. */
  async readView(): Promise<ProfileView> {
    const { sessions, skipped } = await this.readSessions();
    return { sessions, skipped, cards: await this.readSchedule(), settings: (await this.readProfileMeta()).settings };
  }

  async readProfileMeta(): Promise<ProfileMeta> {
    await this.ready();
    const file = this.readProfileFile();
    return this.metaFrom('raw' in file ? file.raw : {});
  }

  /** Changes the profile metadata as one step, safe against other processes doing the same. */
  async updateProfileMeta<T>(mutate: (meta: ProfileMeta) => T): Promise<T> {
    await this.ready();
    return this.withLock(async () => {
      for (;;) {
        const file = this.readProfileFile();
        if ('broken' in file) {
          this.setAside(file.broken);
          continue;
        }
        this.refuseNewer(file.raw);
        const meta = this.metaFrom(file.raw);
        const result = mutate(meta);
        if (file.bytes && !isUtf8(file.bytes)) {
          const kept = `${this.path}.not-utf8-${timestamp(this.now())}`;
          copyFileSync(this.path, kept);
          this.warn(`the profile file ${this.path} held bytes that are not UTF-8 (Latin-1?), which read as "�"; the original is kept as ${kept}.`);
        }
        if (await this.writeMeta(meta, file.bytes)) return result;
      }
    });
  }

  private refuseNewer(raw: Record<string, unknown>) {
    const version = storeVersion(raw);
    if (version > STORE_VERSION) {
      throw new CliError(
        `the score store ${this.path} was written by a newer mle-prep (store version ${version}; this one understands ${STORE_VERSION}). Upgrade mle-prep to save results; nothing was changed.`,
      );
    }
  }

  /** Fails early, before any question is asked, if results could not be saved (a store from a newer mle-prep). */
  async checkWritable(): Promise<void> {
    await this.ready();
    const file = this.readProfileFile();
    if ('raw' in file) this.refuseNewer(file.raw);
  }

  // ---- the lock (profile file changes and upgrades only) ---------------------------------------------------

  private async withLock<T>(fn: () => T | Promise<T>): Promise<T> {
    this.ensureDir();
    // proper-lockfile is CommonJS: its functions hang off the default export under every loader.
    const { default: lockfile } = await import('proper-lockfile');
    const lockPath = `${this.path}.lock`;
    const started = Date.now();
    let told = false;
    let compromised: Error | undefined;
    let release: (() => Promise<void>) | undefined;
    for (let attempt = 0; !release; attempt++) {
      const held = statSync(lockPath, { throwIfNoEntry: false });
      const age = held ? Date.now() - held.mtimeMs : 0;
      if (held && age > STALE_LOCK_MS) {
        this.warn(
          `taking over the lock ${lockPath}: it was last refreshed ${Math.round(age / 1000)} s ago, so the mle-prep that held it has stopped or crashed.`,
        );
      }
      try {
        release = await lockfile.lock(this.path, {
          realpath: false,
          stale: STALE_LOCK_MS,
          onCompromised: (error) => {
            compromised = error;
          },
        });
      } catch (error) {
        if (errorCode(error) !== 'ELOCKED') throw this.failure(`lock the profile file ${this.path}`, error);
        if (Date.now() - started > LOCK_PATIENCE_MS) {
          throw new CliError(`${lockPath} has been held by another running mle-prep for over ${LOCK_PATIENCE_MS / 1000} s; try again when it has finished.`);
        }
        if (!told) {
          told = true;
          this.warn(
            `waiting for another mle-prep that is changing ${this.path} (it holds ${lockPath}); a lock its holder stops refreshing is taken over after ${STALE_LOCK_MS / 1000} s.`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(250, 10 * 1.5 ** attempt)));
      }
    }
    try {
      return await fn();
    } finally {
      await release().catch(() => undefined);
      if (compromised) this.warn(`the lock on ${this.path} was lost while saving (${compromised.message}).`);
    }
  }

  // ---- the journal ---------------------------------------------------------------------------------------

  private journalStat(): Stats | undefined {
    try {
      return statSync(this.journalPath, { throwIfNoEntry: false });
    } catch (error) {
      throw this.failure(`read the session journal ${this.journalPath}`, error);
    }
  }

  /** A kept-aside copy of one odd journal line, made once; true when this call made it. */
  private keepLineAside(kind: string, line: JournalLine): string | undefined {
    const aside = `${this.journalPath}.${kind}-${line.offset}`;
    // A torn line sealed off later reads as a damaged one: it was reported when it was set aside.
    if (kind === 'damaged' && statSync(`${this.journalPath}.torn-${line.offset}`, { throwIfNoEntry: false })) return undefined;
    try {
      writeFileSync(aside, line.bytes, { flag: 'wx' });
      return aside;
    } catch (error) {
      if (errorCode(error) === 'EEXIST') return undefined;
      // A read-only folder: say so each time rather than never.
      return `${aside} (could not be written: ${errorCode(error) ?? 'error'})`;
    }
  }

  /** Whether the journal is, or within TORN_GRACE_MS becomes, longer than `end` bytes. */
  private growsPast(end: number): boolean {
    const deadline = performance.now() + TORN_GRACE_MS;
    for (;;) {
      if ((this.journalStat()?.size ?? 0) > end) return true;
      if (performance.now() >= deadline) return false;
      Atomics.wait(sleeper, 0, 0, 5);
    }
  }

  /** Parses one journal line; damaged, torn or mis-encoded lines are kept aside once, said once, and skipped. */
  private entryOf(line: JournalLine): Entry | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.bytes.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const entry: Entry | undefined =
      !isObject(parsed) || entryTooDeep(parsed)
        ? undefined
        : 'session' in parsed
          ? {
              kind: 'session',
              session: parsed.session,
              ...(typeof parsed.reviewedAt === 'string' && Number.isFinite(Date.parse(parsed.reviewedAt)) ? { reviewedAt: parsed.reviewedAt } : {}),
              ...(typeof parsed.retention === 'number' && parsed.retention > 0 && parsed.retention < 1 ? { retention: parsed.retention } : {}),
            }
          : isObject(parsed.cards)
            ? { kind: 'cards', cards: parsed.cards }
            : undefined;
    if (entry && isUtf8(line.bytes)) return entry;
    if (line.bytes.length === 0 && line.complete) return undefined;
    if (this.reported.has(line.offset)) return entry;
    this.reported.add(line.offset);
    if (entry) {
      const aside = this.keepLineAside('not-utf8', line);
      if (aside)
        this.warn(
          `a session at byte ${line.offset} of ${this.journalPath} holds bytes that are not UTF-8 (Latin-1?), which read as "�"; the line is kept as it was in the journal, and copied to ${aside}.`,
        );
      return entry;
    }
    if (!line.complete) {
      // Longer now (or soon) than when it was read: a save was still being written, not cut off.
      if (this.growsPast(line.end)) return undefined;
      const aside = this.keepLineAside('torn', line);
      if (aside)
        this.warn(
          `the last save in ${this.journalPath} was cut off mid-write (${line.bytes.length} bytes, kept as ${aside}); every other session reads as before.`,
        );
      // Sealed with a newline, so the next save starts a line of its own; appending never loses a later save.
      try {
        appendLines(this.journalPath, '');
      } catch {
        // A read-only folder: the next save seals it instead.
      }
      return undefined;
    }
    const aside = this.keepLineAside('damaged', line);
    if (aside) this.warn(`the line at byte ${line.offset} of ${this.journalPath} is damaged and skipped (kept as ${aside}).`);
    return undefined;
  }

  /** Every whole journal line from byte `from` on, with its entry (undefined when it is skipped). */
  private *entries(from = 0): Generator<[Entry | undefined, JournalLine]> {
    try {
      for (const line of journalLines(this.journalPath, from)) {
        const entry = this.entryOf(line);
        if (line.complete) yield [entry, line];
      }
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw this.failure(`read the session journal ${this.journalPath}`, error);
    }
  }

  // ---- snapshots -----------------------------------------------------------------------------------------

  /** The fold's snapshot brought up to the end of the journal; `behind` is how many bytes were folded in. */
  private caughtUp<T>(fold: Fold<T>): { snapshot: Snapshot<T>; behind: number } {
    const steps = this.catchingUp(fold);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** The same, giving way to other work (a question on screen) every `turns` journal lines. */
  private async caughtUpInTurns<T>(fold: Fold<T>, turns: number): Promise<{ snapshot: Snapshot<T>; behind: number }> {
    const steps = this.catchingUp(fold);
    for (let lines = 1; ; lines++) {
      const step = steps.next();
      if (step.done) return step.value;
      if (lines % turns === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Catches a fold's snapshot up, a journal line per step. */
  private *catchingUp<T>(fold: Fold<T>): Generator<void, { snapshot: Snapshot<T>; behind: number }> {
    const size = this.journalStat()?.size ?? 0;
    let snapshot: Snapshot<T> = { bytes: 0, journal: '', data: fold.empty() };
    try {
      const raw = JSON.parse(readFileSync(fold.file, 'utf8')) as Partial<Snapshot<unknown>>;
      const data = fold.restore(raw.data);
      const bytes = raw.bytes as number;
      if (data !== undefined && Number.isInteger(bytes) && bytes <= size && raw.journal === this.journalDigest(bytes)) {
        snapshot = { bytes, journal: raw.journal, data };
      }
    } catch {
      // Missing or damaged: rebuilt from the journal.
    }
    const start = snapshot.bytes;
    for (const [entry, line] of this.entries(start)) {
      if (entry) fold.apply(snapshot.data, entry, line);
      snapshot.bytes = line.end;
      yield;
    }
    if (snapshot.bytes !== start) snapshot.journal = this.journalDigest(snapshot.bytes);
    return { snapshot, behind: snapshot.bytes - start };
  }

  private journalDigest(bytes: number): string {
    if (bytes === 0) return '';
    const head = readLineAt(this.journalPath, 0, Math.min(bytes, 256));
    const tail = readLineAt(this.journalPath, Math.max(0, bytes - 256), bytes);
    return createHash('sha256').update(head).update(tail).digest('base64url');
  }

  /** Writes a snapshot beside the journal; best effort, since it can always be rebuilt. */
  private saveSnapshot<T>(fold: Fold<T>, snapshot: Snapshot<T>, serialize: (data: T) => unknown) {
    const temp = this.tempName(fold.file);
    try {
      writeFileSync(temp, JSON.stringify({ bytes: snapshot.bytes, journal: snapshot.journal, data: serialize(snapshot.data) }));
      renameSync(temp, fold.file);
    } catch {
      rmSync(temp, { force: true });
    }
  }

  private tempName(path: string): string {
    return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  }

  /** Removes temporary files that saves which crashed (or stalled for over a minute) left behind. */
  private cleanTemporaryFiles() {
    const now = Date.now();
    for (const file of this.temporaryFiles()) {
      try {
        if (now - statSync(file).mtimeMs > TEMP_FILE_MAX_AGE_MS) rmSync(file, { force: true });
      } catch {
        // Gone already, or not ours to remove.
      }
    }
  }

  private temporaryFiles(): string[] {
    const escaped = this.user.replace(/[.]/g, '\\.');
    // conf's temporary files (profile file) and ours (journal, snapshots).
    const temp = new RegExp(`^profile-${escaped}\\.(json\\.tmp-\\d{10}[a-f0-9]{6}|jsonl(\\.schedule|\\.index|\\.stats|\\.latest)?\\.tmp-\\d+-[0-9a-f]{8})$`);
    try {
      return readdirSync(this.dir)
        .filter((name) => temp.test(name))
        .map((name) => join(this.dir, name));
    } catch {
      return [];
    }
  }

  // ---- sessions ------------------------------------------------------------------------------------------

  /**
   * Saves one session with a single append. When `schedule` is set, its graded answers also move the review
   * schedule, and the schedule after it comes back (for the summary).
   */
  async appendSession(session: SessionRecord, options: { schedule: boolean; retention?: number }): Promise<CardUpdate | undefined> {
    await this.checkWritable();
    this.ensureDir();
    this.cleanTemporaryFiles();
    const reviewedAt = options.schedule ? this.now().toISOString() : undefined;
    try {
      const retention = reviewedAt && options.retention !== undefined ? { retention: options.retention } : {};
      appendLines(this.journalPath, `${JSON.stringify({ session, ...(reviewedAt ? { reviewedAt } : {}), ...retention })}\n`);
    } catch (error) {
      throw this.failure(`save to the session journal ${this.journalPath}`, error);
    }
    if (!reviewedAt) return undefined;
    // The schedule as of our line, whatever others appended around it: the fold runs in journal order.
    this.cards ??= await import('../review/cards.js');
    const { snapshot } = this.caughtUp(this.scheduleFold);
    this.saveSnapshot(this.scheduleFold, snapshot, (cards) => cards);
    return { cards: snapshot.data, reset: this.resets.get(session.id) ?? [] };
  }

  /** Adds sessions whose ids the profile does not have yet, in one append; returns how many were added. */
  async importSessions(sessions: SessionRecord[]): Promise<number> {
    await this.checkWritable();
    this.ensureDir();
    this.cleanTemporaryFiles();
    const index = this.readIndex();
    // One search of the index's bytes answers for a few ids; more are looked up in a set of them all, built once.
    const has = sessions.length > 4 ? this.indexIds(index) : { has: (id: string) => this.indexHas(index, id) };
    // An id the file holds twice is added once, as its first copy (readers take the first too).
    const taken = new Set<string>();
    const fresh: SessionRecord[] = [];
    for (const session of sessions) {
      if (has.has(session.id) || taken.has(session.id)) continue;
      taken.add(session.id);
      fresh.push(session);
    }
    if (fresh.length) {
      try {
        appendLines(this.journalPath, fresh.map((session) => `${JSON.stringify({ session })}\n`).join(''));
      } catch (error) {
        throw this.failure(`save to the session journal ${this.journalPath}`, error);
      }
      // What was just added (and whatever others added meanwhile), folded into the index already read.
      try {
        this.catchUpRows(this.indexPath, index, INDEX_SLACK_BYTES, indexRow);
      } catch {
        // Saved all the same: the next reader brings the index up to date.
      }
    }
    return fresh.length;
  }

  /** The session index brought up to the end of the journal (written back when it was far behind). */
  private sessionIndex(): RowSnapshot {
    return this.rowSnapshot(this.indexPath, INDEX_SLACK_BYTES, indexRow);
  }

  /**
   * A snapshot kept as a header line (which journal, how much of it, how many session lines were skipped) and a
   * line per valid session, `<id as JSON>\t<row>`, brought up to the end of the journal. It is written back when
   * it was more than `slack` bytes of journal behind: a reader folds in a short tail faster than it writes a
   * large file.
   */
  private rowSnapshot(path: string, slack: number, row: RowOf): RowSnapshot {
    const size = this.journalStat()?.size ?? 0;
    const index: RowSnapshot = { bytes: 0, saved: 0, journal: '', skipped: 0, stored: Buffer.alloc(0), added: [], addedIds: new Set() };
    try {
      const file = readFileSync(path);
      const headerEnd = file.indexOf(0x0a);
      const stored = JSON.parse(file.subarray(0, headerEnd === -1 ? file.length : headerEnd).toString('utf8')) as Partial<RowSnapshot>;
      const bytes = stored.bytes as number;
      if (headerEnd !== -1 && Number.isInteger(bytes) && bytes <= size && Number.isInteger(stored.skipped) && stored.journal === this.journalDigest(bytes)) {
        Object.assign(index, { bytes, saved: bytes, journal: stored.journal, skipped: stored.skipped as number, stored: file.subarray(headerEnd) });
      }
    } catch {
      // Missing or damaged: rebuilt from the journal.
    }
    return this.catchUpRows(path, index, slack, row);
  }

  /** Folds the journal after `index.bytes` into it, and writes it back when the file is more than `slack` behind. */
  private catchUpRows(path: string, index: RowSnapshot, slack: number, row: RowOf): RowSnapshot {
    const start = index.bytes;
    for (const [entry, line] of this.entries(start)) {
      index.bytes = line.end;
      if (entry?.kind !== 'session') continue;
      const session = entry.session;
      if (!isSessionRecord(session)) index.skipped++;
      // The first whole copy of an id counts: two imports of one file at once may both have added it.
      else if (!this.indexHas(index, session.id)) {
        index.addedIds.add(session.id);
        index.added.push(`\n${JSON.stringify(session.id)}\t${row(session, line)}`);
      }
    }
    if (index.bytes !== start) index.journal = this.journalDigest(index.bytes);
    if (index.bytes - index.saved > slack || (index.bytes > 0 && index.saved === 0)) {
      const temp = this.tempName(path);
      try {
        const head = JSON.stringify({ bytes: index.bytes, journal: index.journal, skipped: index.skipped });
        writeFileSync(temp, Buffer.concat([Buffer.from(head), index.stored, Buffer.from(index.added.join(''))]));
        renameSync(temp, path);
        index.saved = index.bytes;
      } catch {
        rmSync(temp, { force: true });
      }
    }
    return index;
  }

  /** The ids in an index, as a set. */
  private indexIds(index: RowSnapshot): Set<string> {
    const ids = new Set(index.addedIds);
    const text = index.stored.toString('utf8');
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
      const tab = text.indexOf('\t', at);
      try {
        if (tab !== -1) ids.add(JSON.parse(text.slice(at + 1, tab)) as string);
      } catch {
        // A row edited by hand: its id is not taken as stored (a second copy would be skipped by readers).
      }
    }
    return ids;
  }

  private indexHas(index: RowSnapshot, id: string): boolean {
    return index.addedIds.has(id) || index.stored.includes(`\n${JSON.stringify(id)}\t`);
  }

  private rowLines(index: RowSnapshot): string[] {
    return `${index.stored.toString('utf8')}${index.added.join('')}`.split('\n');
  }

  /**
   * Every valid session as stats read it (no answer text), oldest first as saved, from a compact snapshot a
   * fifth the size of the journal; and how many session lines were skipped.
   */
  async readStatsSessions(): Promise<{ sessions: StatsSession[]; skipped: number }> {
    await this.ready();
    let rows: RowSnapshot;
    try {
      rows = this.rowSnapshot(this.statsPath, STATS_SLACK_BYTES, (session) =>
        JSON.stringify([
          session.startedAt,
          session.results.map((r) => [
            r.questionId,
            r.topic,
            r.difficulty,
            r.type,
            r.score,
            r.timeSeconds,
            r.timedOut,
            r.status,
            r.keyPointsCovered ?? null,
            r.keyPointsSuggested ?? null,
          ]),
        ]),
      );
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw this.failure(`read the session journal ${this.journalPath}`, error);
    }
    const sessions: StatsSession[] = [];
    for (const line of this.rowLines(rows)) {
      const tab = line.indexOf('\t');
      if (tab === -1) continue;
      type Row = [
        string,
        string,
        string,
        StatsResult['type'],
        number,
        number,
        boolean,
        StatsResult['status'],
        number[] | null | undefined,
        number[] | null | undefined,
      ];
      const [startedAt, results] = JSON.parse(line.slice(tab + 1)) as [string, Row[]];
      sessions.push({
        id: JSON.parse(line.slice(0, tab)) as string,
        startedAt,
        results: results.map(([questionId, topic, difficulty, type, score, timeSeconds, timedOut, status, covered, suggested]) => ({
          questionId,
          topic,
          difficulty: difficulty as StatsResult['difficulty'],
          type,
          score,
          timeSeconds,
          timedOut,
          status,
          // Self-grading reads these; rows written before they were kept have neither.
          ...(Array.isArray(covered) ? { keyPointsCovered: covered } : {}),
          ...(Array.isArray(suggested) ? { keyPointsSuggested: suggested } : {}),
        })),
      });
    }
    return { sessions, skipped: rows.skipped };
  }

  /**
   * Each question's latest graded result (for "last time"), from a snapshot brought up to date with the sessions
   * saved since: its cost follows the questions answered, not the length of the history. With `turns`, the
   * reading gives way to other work every that many journal lines (the first time, it reads the whole journal).
   */
  async readLatestResults(options: { turns?: number } = {}): Promise<Map<string, ResultRecord>> {
    await this.ready();
    const { snapshot, behind } = options.turns ? await this.caughtUpInTurns(this.latestFold, options.turns) : this.caughtUp(this.latestFold);
    if (behind > 0) this.saveSnapshot(this.latestFold, snapshot, (latest) => latest);
    return new Map(Object.entries(snapshot.data).map(([id, { result }]) => [id, result]));
  }

  /** The review schedule: a card per question id, in an object with no prototype. */
  async readSchedule(): Promise<Record<string, unknown>> {
    await this.ready();
    this.cards ??= await import('../review/cards.js');
    const { snapshot, behind } = this.caughtUp(this.scheduleFold);
    if (behind > 0) this.saveSnapshot(this.scheduleFold, snapshot, (cards) => cards);
    return snapshot.data;
  }

  /**
   * Every valid session, oldest first as saved (an id saved twice counts once), and how many were skipped. With
   * `turns`, the reading gives way to other work (a question on screen) every that many journal lines.
   */
  async readSessions(options: { turns?: number } = {}): Promise<{ sessions: SessionRecord[]; skipped: number }> {
    await this.ready();
    const sessions: SessionRecord[] = [];
    const ids = new Set<string>();
    let skipped = 0;
    let read = 0;
    for (const [entry] of this.entries()) {
      if (options.turns && ++read % options.turns === 0) await new Promise((resolve) => setImmediate(resolve));
      if (entry?.kind !== 'session') continue;
      if (!isSessionRecord(entry.session)) skipped++;
      else if (!ids.has(entry.session.id)) {
        ids.add(entry.session.id);
        sessions.push(entry.session);
      }
    }
    return { sessions, skipped };
  }

  /**
   * Where each valid session is in the journal (as readSessions finds them: the first whole copy of an id), with
   * its start time and the fields of its results a summary needs, in journal order, for reading the sessions back
   * one at a time with `readSessionAt`: the journal is only ever appended to, so the places stay where they are.
   */
  async sessionPlaces(): Promise<{ places: SessionPlace[]; skipped: number }> {
    await this.ready();
    const places: SessionPlace[] = [];
    const ids = new Set<string>();
    let skipped = 0;
    for (const [entry, line] of this.entries()) {
      if (entry?.kind !== 'session') continue;
      const session = entry.session;
      if (!isSessionRecord(session)) skipped++;
      else if (!ids.has(session.id)) {
        ids.add(session.id);
        const results = session.results.map(({ status, timedOut, score, timeSeconds, topic, difficulty }) => ({
          status,
          timedOut,
          score,
          timeSeconds,
          topic,
          difficulty,
        }));
        places.push({ startedAt: session.startedAt, offset: line.offset, end: line.end, results });
      }
    }
    return { places, skipped };
  }

  /** The session at a place `sessionPlaces` gave. */
  readSessionAt(place: SessionPlace): SessionRecord {
    try {
      return (JSON.parse(readLineAt(this.journalPath, place.offset, place.end).toString('utf8')) as { session: SessionRecord }).session;
    } catch (error) {
      throw this.failure(`read the session journal ${this.journalPath}`, error);
    }
  }

  /** How many valid sessions there are, and when the latest started; read from the index. */
  async summary(): Promise<{ count: number; lastStartedAt?: string; skipped: number }> {
    await this.ready();
    const index = this.readIndex();
    const { newest, everything } = newestRows(this.rowLines(index), 1);
    const last = newest[0]?.[1];
    return { count: everything, ...(last ? { lastStartedAt: last } : {}), skipped: index.skipped };
  }

  private readIndex(): RowSnapshot {
    try {
      return this.sessionIndex();
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw this.failure(`read the session journal ${this.journalPath}`, error);
    }
  }

  /**
   * The newest `limit` sessions (by start time), newest first, read through the index without parsing the
   * rest of the journal; `filter` picks by id before anything is read.
   */
  async newestSessions(
    limit: number,
    filter?: (id: string) => boolean,
  ): Promise<{ sessions: SessionRecord[]; skipped: number; total: number; everything: number }> {
    await this.ready();
    const index = this.readIndex();
    const { newest, total, everything } = newestRows(this.rowLines(index), limit, filter);
    const sessions: SessionRecord[] = [];
    for (const [id, , offset, end] of newest) {
      let session: unknown;
      try {
        session = (JSON.parse(readLineAt(this.journalPath, offset, end).toString('utf8')) as { session?: unknown }).session;
      } catch {
        session = undefined;
      }
      // The index points at a line that no longer holds that session (the journal was edited): read it all.
      if (!isSessionRecord(session) || session.id !== id) return this.newestFromScan(limit, filter ?? (() => true));
      sessions.push(session);
    }
    return { sessions, skipped: index.skipped, total, everything };
  }

  private async newestFromScan(limit: number, filter: (id: string) => boolean) {
    rmSync(this.indexPath, { force: true });
    const { sessions, skipped } = await this.readSessions();
    const chosen = sessions.filter((s) => filter(s.id)).sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
    return { sessions: chosen.slice(0, limit), skipped, total: chosen.length, everything: sessions.length };
  }

  // ---- rescue, leftovers, reset --------------------------------------------------------------------------

  /**
   * When a session cannot be saved, writes it beside the store (or to the temp folder) as the JSON export
   * (`content`) that `mle-prep import` takes back, and returns that file's path.
   */
  rescue(content: string): string {
    const name = `rescued-${this.user}-${timestamp(this.now())}.json`;
    for (const dir of [this.dir, tmpdir()]) {
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, name), content, { flag: 'wx' });
        return join(dir, name);
      } catch {
        // try the next place
      }
    }
    throw new CliError(`could not write the session anywhere; its answers are lost (${name}).`);
  }

  /**
   * Copies this profile left beside its files: kept-aside damaged files and journal lines, upgrade backups,
   * rescued sessions.
   */
  leftovers(): string[] {
    const escaped = this.user.replace(/[.]/g, '\\.');
    // The exact time stamp shape, so another profile's files (user "a.json.corrupt-1") never match.
    const stamp = '\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z';
    const mine = new RegExp(
      `^(profile-${escaped}\\.json\\.(corrupt|v\\d+-backup|not-utf8)-${stamp}|profile-${escaped}\\.jsonl\\.(torn|damaged|not-utf8)-\\d+|rescued-${escaped}-${stamp}\\.json)$`,
    );
    try {
      return readdirSync(this.dir)
        .filter((name) => mine.test(name))
        .map((name) => join(this.dir, name));
    } catch {
      return [];
    }
  }

  /** Whether this profile has any file at all. */
  exists(): boolean {
    return statSync(this.path, { throwIfNoEntry: false }) !== undefined || statSync(this.journalPath, { throwIfNoEntry: false }) !== undefined;
  }

  /** Deletes this profile's files, its leftovers and any temporary files. */
  async remove(): Promise<void> {
    await this.withLock(() => {
      const files = [
        this.path,
        this.journalPath,
        this.scheduleFold.file,
        this.latestFold.file,
        this.indexPath,
        this.statsPath,
        ...this.leftovers(),
        ...this.temporaryFiles(),
      ];
      try {
        for (const file of files) rmSync(file, { force: true });
      } catch (error) {
        throw this.failure(`delete the profile ${this.user}`, error);
      }
    });
  }
}

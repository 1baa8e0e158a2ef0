// The one place that touches the score store. Each profile is its own conf file; every read-modify-write runs
// under a cross-process lock and re-reads inside it, conf writes atomically (temp file + rename), a file that is
// not valid JSON is kept aside rather than overwritten, and a store from a newer version is never written.
// Reads parse the file once here, without a lock (saves are atomic renames): conf's own getter parses the file
// on every access (and twice when it is constructed), fine for settings but not for years of sessions. conf and
// the lock library are loaded only when something is written.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Conf from 'conf';
import envPaths from 'env-paths';
import { CliError } from '../errors.js';
import { exportJson } from '../export/json.js';
import type { SessionRecord } from '../session/types.js';
import { migrateStore, STORE_VERSION, wrongTypedFields, type StoreData } from './schema.js';

const PROFILE_FILE = /^profile-([A-Za-z0-9][A-Za-z0-9._-]*)\.json$/;

export function storeDirectory(): string {
  return envPaths('mle-prep', { suffix: '' }).config;
}

/** Profile names that have a store in `dir`. */
export function listProfiles(dir: string = storeDirectory()): string[] {
  try {
    return readdirSync(dir)
      .flatMap((name) => PROFILE_FILE.exec(name)?.[1] ?? [])
      .sort();
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

function timestamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

export class ProfileStore {
  readonly path: string;

  constructor(
    readonly user: string,
    private readonly warn: Warn,
    readonly dir: string = storeDirectory(),
    private readonly now: () => Date = () => new Date(),
  ) {
    this.path = join(dir, `profile-${user}.json`);
  }

  private async conf(): Promise<Conf<StoreData>> {
    const { default: Conf } = await import('conf');
    return new Conf<StoreData>({
      cwd: this.dir,
      configName: `profile-${this.user}`,
      projectSuffix: '',
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
      watch: false,
      // Compact: a store with thousands of sessions parses and writes several times faster than indented JSON.
      serialize: (value) => JSON.stringify(value),
      // Read as parse() reads: an editor's byte-order mark, or a file with nothing in it, is not an error.
      deserialize: (text) => storeJson(text) as StoreData,
    });
  }

  private setAside(reason: string) {
    const backup = `${this.path}.corrupt-${timestamp(this.now())}`;
    renameSync(this.path, backup);
    this.warn(`the score store ${this.path} ${reason}; it was kept as ${backup} and a new store was started.`);
  }

  /** The raw stored object, or why the file cannot be one. */
  private parse(): { raw: Record<string, unknown> } | { broken: string } {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { raw: {} };
      throw new CliError(`cannot read the score store ${this.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
    let parsed: unknown;
    try {
      parsed = storeJson(text);
    } catch {
      return { broken: 'was not valid JSON' };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { broken: 'did not hold an mle-prep store' };
    const wrong = wrongTypedFields(parsed as Record<string, unknown>);
    if (wrong.length) return { broken: `had ${wrong.join(', ')} of the wrong type` };
    return { raw: parsed as Record<string, unknown> };
  }

  /** Under the lock: the stored object, with a file that cannot be parsed moved aside (and said so). */
  private load(): Record<string, unknown> {
    const result = this.parse();
    if ('raw' in result) return result.raw;
    this.setAside(result.broken);
    return {};
  }

  private backupBeforeUpgrade(from: number) {
    const backup = `${this.path}.v${from}-backup-${timestamp(this.now())}`;
    // A copy, not a move: until the upgraded store is written, the original stays where it was.
    copyFileSync(this.path, backup);
    this.warn(`upgraded the score store ${this.path} from version ${from} to ${STORE_VERSION}; the old file is kept as ${backup}.`);
  }

  private async withLock<T>(fn: () => T | Promise<T>): Promise<T> {
    mkdirSync(this.dir, { recursive: true });
    // proper-lockfile is CommonJS: its functions hang off the default export under every loader.
    const { default: lockfile } = await import('proper-lockfile');
    let compromised: Error | undefined;
    const release = await lockfile.lock(this.path, {
      realpath: false,
      stale: 10_000,
      retries: { retries: 200, factor: 1.3, minTimeout: 5, maxTimeout: 250, randomize: true },
      onCompromised: (error) => {
        compromised = error;
      },
    }).catch((error: Error) => {
      throw new CliError(`could not lock the score store ${this.path} (${error.message}); is another mle-prep stuck?`);
    });
    try {
      return await fn();
    } finally {
      await release().catch(() => undefined);
      if (compromised) this.warn(`the lock on ${this.path} was lost while saving (${compromised.message}).`);
    }
  }

  /** The store as this version understands it; never writes except to set a broken file aside. */
  async read(): Promise<StoreData> {
    const result = this.parse();
    if ('raw' in result) return migrateStore(result.raw).data;
    return this.withLock(() => migrateStore(this.load()).data);
  }

  /**
   * The store, read once before a session starts; fails early, before any question, if results could not be
   * saved (a store from a newer mle-prep).
   */
  async readWritable(): Promise<StoreData> {
    const result = this.parse();
    if (!('raw' in result)) return this.read();
    const migrated = migrateStore(result.raw);
    this.refuseNewer(migrated);
    return migrated.data;
  }

  private refuseNewer(migrated: ReturnType<typeof migrateStore>) {
    if (migrated.newer) {
      throw new CliError(
        `the score store ${this.path} was written by a newer mle-prep (store version ${migrated.fromVersion}; this one understands ${STORE_VERSION}). Upgrade mle-prep to save results; nothing was changed.`,
      );
    }
  }

  /**
   * When a session cannot be saved into the store, writes it beside the store (or to the temp folder) as a JSON
   * export that `mle-prep import` takes back, and returns that file's path.
   */
  rescue(session: SessionRecord): string {
    const content = exportJson({ user: this.user, generatedAt: this.now().toISOString(), sessions: [session], questions: new Map() });
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

  /** Copies this profile left beside its store: kept-aside corrupt files, upgrade backups, rescued sessions. */
  leftovers(): string[] {
    const escaped = this.user.replace(/[.]/g, '\\.');
    // The exact time stamp shape, so another profile's files (user "a.json.corrupt-1") never match.
    const stamp = '\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z';
    const mine = new RegExp(`^(profile-${escaped}\\.json\\.(corrupt|v\\d+-backup)-${stamp}|rescued-${escaped}-${stamp}\\.json)$`);
    try {
      return readdirSync(this.dir).filter((name) => mine.test(name)).map((name) => join(this.dir, name));
    } catch {
      return [];
    }
  }

  /** Deletes this profile's store and its leftovers, under the lock so no save is lost half-way. */
  async remove(): Promise<void> {
    await this.withLock(() => {
      for (const file of [this.path, ...this.leftovers()]) rmSync(file, { force: true });
    });
  }

  /** Read, change and write the store as one step, safe against other processes doing the same. */
  async update<T>(mutate: (data: StoreData) => T): Promise<T> {
    return this.withLock(async () => {
      const migrated = migrateStore(this.load());
      this.refuseNewer(migrated);
      if (migrated.upgraded) this.backupBeforeUpgrade(migrated.fromVersion);
      const result = mutate(migrated.data);
      (await this.conf()).store = migrated.data;
      return result;
    });
  }
}

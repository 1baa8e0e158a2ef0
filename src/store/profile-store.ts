// The one place that touches the score store. Each profile is its own conf file; every read-modify-write runs
// under a cross-process lock and re-reads inside it, conf writes atomically (temp file + rename), a file that is
// not valid JSON is kept aside rather than overwritten, and a store from a newer version is never written.
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import envPaths from 'env-paths';
import { lock } from 'proper-lockfile';
import { CliError } from '../errors.js';
import { migrateStore, STORE_VERSION, type StoreData } from './schema.js';

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

function timestamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

export class ProfileStore {
  readonly path: string;
  private conf: Conf<StoreData> | undefined;

  constructor(
    readonly user: string,
    private readonly warn: Warn,
    readonly dir: string = storeDirectory(),
    private readonly now: () => Date = () => new Date(),
  ) {
    this.path = join(dir, `profile-${user}.json`);
  }

  private open(): Conf<StoreData> {
    this.conf ??= new Conf<StoreData>({
      cwd: this.dir,
      configName: `profile-${this.user}`,
      projectSuffix: '',
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
      watch: false,
    });
    return this.conf;
  }

  /** The raw stored object; a file that cannot be parsed is moved aside (and said so) and reads as empty. */
  private load(): Record<string, unknown> {
    try {
      return this.open().store as unknown as Record<string, unknown>;
    } catch (error) {
      if ((error as Error).name !== 'SyntaxError') throw error;
      const backup = `${this.path}.corrupt-${timestamp(this.now())}`;
      renameSync(this.path, backup);
      this.conf = undefined;
      this.warn(`the score store ${this.path} was not valid JSON; it was kept as ${backup} and a new store was started.`);
      return {};
    }
  }

  private backupBeforeUpgrade(from: number) {
    const backup = `${this.path}.v${from}-backup-${timestamp(this.now())}`;
    renameSync(this.path, backup);
    this.conf = undefined;
    this.warn(`upgraded the score store ${this.path} from version ${from} to ${STORE_VERSION}; the old file is kept as ${backup}.`);
  }

  private async withLock<T>(fn: () => T): Promise<T> {
    mkdirSync(this.dir, { recursive: true });
    let compromised: Error | undefined;
    const release = await lock(this.path, {
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
      return fn();
    } finally {
      await release().catch(() => undefined);
      if (compromised) this.warn(`the lock on ${this.path} was lost while saving (${compromised.message}).`);
    }
  }

  /** The store as this version understands it; never writes except to set a broken file aside. */
  async read(): Promise<StoreData> {
    return this.withLock(() => migrateStore(this.load()).data);
  }

  /** Fails early, before a quiz starts, if results could not be saved (a store from a newer mle-prep). */
  async assertWritable(): Promise<void> {
    await this.withLock(() => this.writableData());
  }

  private writableData(): StoreData {
    const raw = this.load();
    const migrated = migrateStore(raw);
    if (migrated.newer) {
      throw new CliError(
        `the score store ${this.path} was written by a newer mle-prep (store version ${migrated.fromVersion}; this one understands ${STORE_VERSION}). Upgrade mle-prep to save results; nothing was changed.`,
      );
    }
    if (migrated.upgraded) {
      this.backupBeforeUpgrade(migrated.fromVersion);
      this.open().store = migrated.data;
    }
    return migrated.data;
  }

  /** Deletes this profile's store, under the lock so no save is lost half-way. */
  async remove(): Promise<void> {
    await this.withLock(() => rmSync(this.path, { force: true }));
    this.conf = undefined;
  }

  /** Read, change and write the store as one step, safe against other processes doing the same. */
  async update<T>(mutate: (data: StoreData) => T): Promise<T> {
    return this.withLock(() => {
      const data = this.writableData();
      const result = mutate(data);
      this.open().store = data;
      return result;
    });
  }
}

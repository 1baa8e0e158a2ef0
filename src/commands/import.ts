import { plural } from '../lib/plural.js';
import { openProfile } from '../services/profile.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, EXIT } from '../errors.js';
import { EXPORT_SCHEMA_VERSION } from '../format/export/model.js';
import type { CommandIO } from '../io.js';
import { storeJson } from '../store/profile-store.js';
import { isSessionRecord } from '../store/schema.js';
import { resolveUser } from '../store/user.js';

/** Adds the sessions of a JSON export to a profile; sessions already there (same id) are skipped. */
export async function runImport(file: string, options: { user?: string }, io: CommandIO): Promise<number> {
  const user = resolveUser(options.user, io.env);
  let parsed: unknown;
  try {
    parsed = storeJson(readFileSync(resolve(io.cwd, file), 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`cannot import ${file}: it does not exist.`);
    if (code) throw new CliError(`cannot import ${file}: ${code === 'EISDIR' ? 'it is a folder' : code}.`);
    throw new CliError(`cannot import ${file}: it is not JSON. Import takes what \`mle-prep export --format json\` writes.`);
  }
  const exported = parsed as { schemaVersion?: unknown; sessions?: unknown };
  if (typeof exported !== 'object' || exported === null || !Array.isArray(exported.sessions)) {
    throw new CliError(`${file} is not an mle-prep JSON export (made with \`mle-prep export --format json\`).`);
  }
  // A store file (a profile, or one kept aside as .corrupt or a backup) holds sessions in the same shape; its
  // schemaVersion counts store versions, not export versions, so it is not compared.
  const isStoreFile = 'cards' in exported || 'settings' in exported;
  if (!isStoreFile && typeof exported.schemaVersion === 'number' && exported.schemaVersion > EXPORT_SCHEMA_VERSION) {
    throw new CliError(`${file} was exported by a newer mle-prep (schema ${exported.schemaVersion}); upgrade to import it.`);
  }
  const readable = exported.sessions.filter(isSessionRecord);
  const invalid = exported.sessions.length - readable.length;
  // An id repeated within the file is taken once (the first time), so every session stays addressable by id.
  const ids = new Set<string>();
  const valid = readable.filter((s) => !ids.has(s.id) && Boolean(ids.add(s.id)));
  const repeated = readable.length - valid.length;
  // Only a valid stored session counts as "already there": a damaged one with the same id is superseded by the
  // good copy (restoring from a backup).
  const added = await openProfile(user, io).importSessions(valid.map((s) => ({ ...s, user })));
  const skipped = valid.length - added;
  io.stdout.write(
    `Imported ${plural(added, 'session')} into ${user}` +
      `${skipped ? `; ${skipped} already there` : ''}${repeated ? `; ${repeated} repeated in the file` : ''}${invalid ? `; ${invalid} malformed and left out` : ''}.\n`,
  );
  return invalid > 0 && valid.length === 0 ? EXIT.failure : EXIT.ok;
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

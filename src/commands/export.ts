import { plural } from '../lib/plural.js';
import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Question } from '../bank/types.js';
import { CliError, EXIT, UsageError } from '../errors.js';
import { csvChunks } from '../format/export/csv.js';
import { htmlChunks } from '../format/export/html.js';
import { exportJson } from '../format/export/json.js';
import { exportMarkdown } from '../format/export/markdown.js';
import type { ExportData } from '../format/export/model.js';
import type { CommandIO } from '../io.js';
import type { SessionRecord } from '../session/types.js';
import { summarizeSession } from '../session/summarize.js';
import { localDay } from '../lib/day.js';
import { notesOf } from '../store/settings.js';
import { resolveUser } from '../store/user.js';
import { safeText } from '../format/terminal-text.js';
import { joinSpaces, suggestCommand } from '../format/wrap.js';
import { openProfile, readNewestSessions, readSessions, reportSkipped } from '../services/profile.js';
import { loadQuestions, type BankSelection } from '../services/bank.js';

export type ExportFormat = 'md' | 'json' | 'csv' | 'html';

export interface ExportOptions extends BankSelection {
  format?: ExportFormat;
  output?: string;
  last?: boolean;
  session?: string;
  all?: boolean;
  user?: string;
  force?: boolean;
}

/** --last (the default), --session <id or unique prefix>, or --all; sessions come back oldest first. */
export function chooseSessions(newestFirst: SessionRecord[], options: ExportOptions): SessionRecord[] {
  checkModes(options);
  if (newestFirst.length === 0) throw new CliError('there are no sessions to export yet; finish a quiz first.');
  if (options.all) return [...newestFirst].reverse();
  if (options.session !== undefined) {
    const prefix = options.session.toLowerCase();
    const matches = newestFirst.filter((s) => s.id.toLowerCase().startsWith(prefix));
    if (matches.length === 0) {
      throw new CliError(`no session with id "${safeText(options.session)}"; \`${joinSpaces(suggestCommand('mle-prep history', options.user))}\` lists them.`);
    }
    if (matches.length > 1) throw new CliError(`"${options.session}" matches ${matches.length} sessions; give more of the id.`);
    return matches;
  }
  return [newestFirst[0]!];
}

function checkModes(options: ExportOptions) {
  const modes = [options.last, options.session !== undefined, options.all].filter(Boolean).length;
  if (modes > 1) throw new UsageError('choose one of --last, --session <id> and --all.');
}

/** The sessions to export; --last and --session read only what they need through the profile's index. */
async function sessionsToExport(user: string, options: ExportOptions, io: CommandIO): Promise<SessionRecord[]> {
  checkModes(options);
  if (options.all) return chooseSessions(await readSessions(user, io), options);
  const prefix = options.session?.toLowerCase();
  // One session is read, whatever the history's length: the index finds it (and counts a prefix's matches).
  const found = await readNewestSessions(user, io, 1, prefix === undefined ? undefined : (id) => id.toLowerCase().startsWith(prefix));
  if (found.everything === 0) throw new CliError('there are no sessions to export yet; finish a quiz first.');
  if (prefix === undefined) return found.sessions;
  if (found.total === 0) {
    throw new CliError(`no session with id "${safeText(options.session!)}"; \`${joinSpaces(suggestCommand('mle-prep history', options.user))}\` lists them.`);
  }
  if (found.total > 1) throw new CliError(`"${options.session}" matches ${found.total} sessions; give more of the id.`);
  return found.sessions;
}

function* cleaned(chunks: Iterable<string>): Generator<string> {
  for (const chunk of chunks) yield safeText(chunk);
}

/** Each format as pieces of text in order; the large ones (a year of sessions as HTML or CSV) come in many. */
const FORMATTERS: Record<ExportFormat, (data: ExportData) => Iterable<string>> = {
  md: (data) => [exportMarkdown(data)],
  json: (data) => [exportJson(data)],
  csv: csvChunks,
  html: htmlChunks,
};

/** Far fewer system calls than one write per piece, and never more than this much text held at once. */
const WRITE_BATCH_CHARS = 1 << 20;

/** Writes the pieces to a file beside `path`, then puts it in place: a failed export leaves no half a report. */
function writeChunks(path: string, chunks: Iterable<string>): void {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    let batch: string[] = [];
    let size = 0;
    for (const chunk of chunks) {
      batch.push(chunk);
      size += chunk.length;
      if (size >= WRITE_BATCH_CHARS) {
        writeSync(fd, batch.join(''));
        batch = [];
        size = 0;
      }
    }
    if (size) writeSync(fd, batch.join(''));
    closeSync(fd);
    renameSync(temp, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * --all as HTML or CSV: the sessions in the order --all gives them, each read from the journal only when its turn
 * comes, so a report of years of history never holds all of it.
 */
async function streamedSessions(user: string, io: CommandIO): Promise<NonNullable<ExportData['streamed']>> {
  const store = openProfile(user, io);
  const { places, skipped } = await store.sessionPlaces();
  reportSkipped(store, skipped, io);
  if (places.length === 0) throw new CliError('there are no sessions to export yet; finish a quiz first.');
  // As readSessions and chooseSessions order them: newest first (a stable sort), then reversed.
  places.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0)).reverse();
  const overall = summarizeSession({ results: places.flatMap((p) => p.results) });
  function* sessions(): Generator<SessionRecord> {
    for (const place of places) yield store.readSessionAt(place);
  }
  return { count: places.length, overall, sessions: sessions() };
}

export async function runExport(options: ExportOptions, io: CommandIO): Promise<number> {
  const format = options.format ?? 'md';
  const user = resolveUser(options.user, io.env);
  checkModes(options);
  const streamed = options.all && (format === 'html' || format === 'csv') ? await streamedSessions(user, io) : undefined;
  const sessions = streamed ? [] : await sessionsToExport(user, options, io);
  // Reports show the questions; the CSV names a picked option by its text.
  const needsQuestions = format !== 'json';
  const questions = new Map<string, Question>();
  if (needsQuestions) for (const q of (await loadQuestions(options, io)).questions) questions.set(q.id, q);
  const now = io.now();
  const { settings } = await openProfile(user, io).readProfileMeta();
  const formatted = FORMATTERS[format]({
    user,
    generatedAt: now.toISOString(),
    sessions,
    questions,
    notes: notesOf(settings),
    ...(streamed ? { streamed } : {}),
  });
  // A report is printed to a terminal sooner or later (`cat report.md`): no field of an imported session may
  // carry an escape sequence into it. JSON escapes control characters itself.
  const chunks = format === 'json' ? formatted : cleaned(formatted);

  let output = options.output;
  if (output === undefined && format === 'html') output = `mle-prep-report-${localDay(now)}.html`;
  if (output === undefined || output === '-') {
    for (const chunk of chunks) io.stdout.write(chunk);
    return EXIT.ok;
  }
  const path = resolve(io.cwd, output);
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new CliError(`${output} is a folder; give a file name, such as ${join(output, `report.${format}`)}.`);
  if (existing && !options.force) throw new CliError(`${output} already exists; use --force to overwrite it.`);
  if (!statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory())
    throw new CliError(`cannot write ${output}: the folder ${dirname(output)} does not exist.`);
  try {
    writeChunks(path, chunks);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot write ${output}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (error as Error).message)}.`);
  }
  io.stderr.write(`Wrote ${plural(streamed?.count ?? sessions.length, 'session')} as ${format} to ${output}\n`);
  return EXIT.ok;
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

import { plural } from '../lib/plural.js';
import { openProfile } from '../services/profile.js';
import { nearestMatch } from '../bank/suggest.js';
import { CliError, EXIT, UsageError } from '../errors.js';
import type { CommandIO } from '../io.js';
import type { ProfileStore } from '../store/profile-store.js';
import { flaggedIds, NOTE_MAX_LENGTH, notesOf, setFlag, setNote } from '../store/settings.js';
import { resolveUser } from '../store/user.js';
import { safeText } from '../format/terminal-text.js';
import { hanging } from '../format/wrap.js';
import { loadQuestionSummaries, type BankSelection } from '../services/bank.js';

export interface NoteOptions extends BankSelection {
  clear?: boolean;
  flag?: boolean;
  unflag?: boolean;
  user?: string;
}

/** `note <id>` shows a question's note, `note <id> text` sets it; `note` alone lists every note and flag. */
export async function runNote(id: string | undefined, words: string[], options: NoteOptions, io: CommandIO): Promise<number> {
  const user = resolveUser(options.user, io.env);
  const store = openProfile(user, io);
  const text = words.join(' ').trim();
  const view = { width: io.stdout.isTTY ? io.stdout.columns : Infinity };
  const wrap = (line: string, indent = 0) => (view.width === Infinity ? line : hanging(line, indent, view));
  if (options.flag && options.unflag) throw new UsageError('choose one of --flag and --unflag.');
  if (options.clear && text) throw new UsageError('--clear removes the note; give no text with it.');
  if (id === undefined) {
    if (text || options.clear || options.flag || options.unflag) throw new UsageError('name the question: mle-prep note <id> [text].');
    return listNotes(user, store, io, wrap);
  }
  const bank = await loadQuestionSummaries(options, io);
  if (!bank.questions.some((q) => q.id === id)) {
    const near = nearestMatch(
      id,
      bank.questions.map((q) => q.id),
    );
    throw new CliError(`no question with id "${safeText(id)}"${near ? ` (did you mean "${near}"?)` : ''}; \`mle-prep list --ids\` lists them.`);
  }
  if (text.length > NOTE_MAX_LENGTH) throw new UsageError(`a note is at most ${NOTE_MAX_LENGTH} characters; this one has ${text.length}.`);

  const changing = Boolean(text || options.clear || options.flag || options.unflag);
  const settings = changing
    ? await store.updateProfileMeta((meta) => {
        if (text || options.clear) setNote(meta.settings, id, options.clear ? '' : text);
        if (options.flag || options.unflag) setFlag(meta.settings, id, Boolean(options.flag));
        return meta.settings;
      })
    : (await store.readProfileMeta()).settings;
  const note = notesOf(settings).get(id);
  const flagged = flaggedIds(settings).has(id) ? ' (flagged)' : '';
  if (options.clear) io.stdout.write(`Removed the note on ${id}${flagged}.\n`);
  else if (note) io.stdout.write(`${wrap(`${text ? 'Saved the note on' : 'Note on'} ${id}${flagged}: ${safeText(note)}`, 2)}\n`);
  else io.stdout.write(`${wrap(`No note on ${id}${flagged}. Add one with: mle-prep note ${id} <text>`, 2)}\n`);
  return EXIT.ok;
}

async function listNotes(user: string, store: ProfileStore, io: CommandIO, wrap: (line: string, indent?: number) => string): Promise<number> {
  const { settings } = await store.readProfileMeta();
  const notes = notesOf(settings);
  const flagged = flaggedIds(settings);
  const ids = [...new Set([...notes.keys(), ...flagged])].sort();
  if (ids.length === 0) {
    io.stdout.write(`${wrap(`No notes or flags for ${user} yet. Press n or f after an answer, or run: mle-prep note <id> <text>`)}\n`);
    return EXIT.ok;
  }
  const c = io.stdout.color;
  for (const id of ids) {
    const mark = flagged.has(id) ? c.yellow('⚑ ') : '  ';
    const note = notes.get(id);
    io.stdout.write(`${wrap(`${mark}${c.bold(safeText(id))}${note ? `  ${safeText(note)}` : ''}`, 4)}\n`);
  }
  io.stdout.write(`${wrap(c.dim(`${plural(notes.size, 'note')}, ${flagged.size} flagged. \`mle-prep quiz --flagged\` asks the flagged ones.`))}\n`);
  return EXIT.ok;
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

import { openProfile } from '../services/profile.js';
import { CliError, EXIT } from '../errors.js';
import { nearestMatch } from '../bank/suggest.js';
import type { CommandIO } from '../io.js';
import { flaggedIds, notesOf } from '../store/settings.js';
import { resolveUser } from '../store/user.js';
import { formatChoices, formatKeyPoints, formatModelAnswer, formatNote, formatPrompt, formatQuestionMeta } from '../format/question-view.js';
import { hanging } from '../format/wrap.js';
import { safeText } from '../format/terminal-text.js';
import { loadQuestion, type BankSelection } from '../services/bank.js';

export async function runShow(id: string, options: BankSelection & { user?: string }, io: CommandIO): Promise<number> {
  const { question, ids, lexed } = await loadQuestion(id, options, io);
  if (!question) {
    const near = nearestMatch(id, ids);
    throw new CliError(`no question with id "${safeText(id)}"${near ? ` (did you mean "${near}"?)` : ''}; \`mle-prep list --ids\` lists them.`);
  }
  const view = { color: io.stdout.color, width: io.stdout.columns, lexed };
  const c = view.color;
  const parts = [hanging(`${c.bold(question.id)}  ${formatQuestionMeta(question, view)}`, 2, view), formatPrompt(question, view)];
  if (question.type === 'choice') parts.push(formatChoices(question, view));
  parts.push(formatModelAnswer(question, view));
  const { settings } = await openProfile(resolveUser(options.user, io.env), io).readProfileMeta();
  const note = notesOf(settings).get(question.id);
  if (note) parts.push(formatNote(note, view));
  if (flaggedIds(settings).has(question.id)) parts[0] += `  ${c.yellow('⚑ flagged')}`;
  if (question.keyPoints.length) parts.push(formatKeyPoints(question, view));
  io.stdout.write(`${parts.join('\n\n')}\n`);
  return EXIT.ok;
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

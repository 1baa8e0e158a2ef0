import { openProfile } from '../services/profile.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, EXIT, UsageError } from '../errors.js';
import { nearestMatch } from '../bank/suggest.js';
import { questionDocument, suggestKeyPoints, termWeights } from '../grading/suggest.js';
import { warnTo, type CommandIO } from '../io.js';
import { isAiFailure } from '../ai/client.js';
import { commonTerms, gradeWithModel } from '../ai/interviewer.js';
import { aiConnection, type AiConnection } from '../ai/settings.js';
import { resolveUser } from '../store/user.js';
import { formatGradeJson, formatGradeText } from '../format/grade-text.js';
import { safeText } from '../format/terminal-text.js';
import { loadQuestions, type BankSelection } from '../services/bank.js';

export interface GradeOptions extends BankSelection {
  answerFile?: string;
  json?: boolean;
  /** false with --no-ai. */
  ai?: boolean;
  user?: string;
}

/** Everything a stream holds, as text. */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** What a file (relative to the command's folder) or stdin (for "-") holds, or one sentence on why it cannot be read. */
async function readAnswer(path: string, io: CommandIO): Promise<string> {
  try {
    return path === '-' ? await readAll(io.stdin.stream) : readFileSync(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new UsageError(`cannot read the answer file ${safeText(path)}: ${why}.`);
  }
}

/** The profile's model, unless --no-ai (reading the profile only then: without a model nothing else is needed). */
async function modelReading(options: GradeOptions, io: CommandIO): Promise<AiConnection | undefined> {
  if (options.ai === false) return undefined;
  const { settings } = await openProfile(resolveUser(options.user, io.env), io).readProfileMeta();
  return aiConnection(settings, io.env);
}

/** Suggests which key points of a question an answer covers; saves nothing. */
export async function runGrade(id: string, options: GradeOptions, io: CommandIO): Promise<number> {
  if (!options.answerFile) throw new UsageError('give the answer with --answer-file <file> (or - for stdin).');
  const answer = await readAnswer(options.answerFile, io);
  const bank = await loadQuestions(options, io);
  const question = bank.questions.find((q) => q.id === id);
  if (!question) {
    const near = nearestMatch(
      id,
      bank.questions.map((q) => q.id),
    );
    throw new CliError(`no question with id "${safeText(id)}"${near ? ` (did you mean "${near}"?)` : ''}; \`mle-prep list --ids\` lists them.`);
  }
  if (question.type !== 'open') throw new CliError(`${id} is a multiple-choice question: it is graded by the option picked, not by key points.`);
  const documents = bank.questions.map(questionDocument);
  let suggestions = suggestKeyPoints(question, answer, termWeights(documents));
  const model = await modelReading(options, io);
  let feedback: string | null | undefined;
  if (model) {
    suggestions = suggestions.map((s) => ({ ...s, source: 'offline' as const }));
    feedback = null;
    if (answer.trim()) {
      try {
        const grade = await gradeWithModel(model, question, answer, suggestions, { commonTerms: commonTerms(documents) });
        suggestions = grade.suggestions;
        feedback = grade.feedback;
      } catch (error) {
        if (!isAiFailure(error)) throw error;
        warnTo(io)(`${safeText(error.message)}; showing the offline suggestions.`);
      }
    }
  }
  const aiPart = feedback !== undefined ? { feedback, model: model!.model } : undefined;
  io.stdout.write(
    options.json ? formatGradeJson(id, suggestions, aiPart) : formatGradeText(id, suggestions, { color: io.stdout.color, width: io.stdout.columns }, aiPart),
  );
  return EXIT.ok;
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

// `mle-prep code <id>`: writes an exercise's stub to a file, and with --file runs a solution against its tests,
// like a test runner: exit 0 when every test passes, 1 when any fails, 2 for usage errors.
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { nearestMatch } from '../bank/suggest.js';
import type { Question } from '../bank/types.js';
import { cannotRun, probePython, runExercise } from '../code/runner.js';
import { CliError, EXIT, UsageError } from '../errors.js';
import type { CommandIO } from '../io.js';
import { formatRunReport, runReportJson } from '../format/code-report.js';
import { safeText } from '../format/terminal-text.js';
import { loadQuestions, type BankSelection } from '../services/bank.js';

export interface CodeOptions extends BankSelection {
  file?: string;
  json?: boolean;
  stdout?: boolean;
}

/** A solution larger than this is not a solution to an interview exercise. */
const MAX_SOLUTION_BYTES = 256 * 1024;

export const stubFileName = (question: Question) => `${question.id}.${question.code?.language === 'sql' ? 'sql' : 'py'}`;

function readSolution(path: string, shown: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new UsageError(`--file ${safeText(shown)} is not a regular file.`);
    if (stats.size > MAX_SOLUTION_BYTES)
      throw new UsageError(`--file ${safeText(shown)} is ${Math.round(stats.size / 1024)} KB; a solution must be under ${MAX_SOLUTION_BYTES / 1024} KB.`);
    return readFileSync(fd, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `--file ${safeText(shown)} does not exist.` : `--file ${safeText(shown)} cannot be read (${code ?? (error as Error).message}).`,
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export async function runCode(id: string, options: CodeOptions, io: CommandIO): Promise<number> {
  if (options.json && options.file === undefined) throw new UsageError('--json reports a test run; give the solution with --file <path>.');
  if (options.stdout && options.file !== undefined) throw new UsageError('--stdout prints the stub; leave it out when running a solution with --file.');
  const bank = await loadQuestions(options, io);
  const question = bank.questions.find((q) => q.id === id);
  if (!question) {
    const near = nearestMatch(
      id,
      bank.questions.filter((q) => q.code).map((q) => q.id),
    );
    throw new UsageError(
      `no question with id "${safeText(id)}"${near ? ` (did you mean "${near}"?)` : ''}; \`mle-prep list --topic coding --ids\` lists the exercises (its open questions).`,
    );
  }
  const exercise = question.code;
  if (!exercise) throw new UsageError(`"${question.id}" has no tests to run; \`mle-prep list --topic coding --ids\` lists the exercises (its open questions).`);

  if (options.file === undefined) {
    if (options.stdout) {
      io.stdout.write(exercise.stub.endsWith('\n') ? exercise.stub : `${exercise.stub}\n`);
      return EXIT.ok;
    }
    const name = stubFileName(question);
    const target = join(io.cwd, name);
    // Never overwrite: the file may already hold the user's work.
    if (existsSync(target))
      throw new CliError(`${name} already exists; test it with \`mle-prep code ${question.id} --file ${name}\`, or remove it for a fresh stub.`);
    writeFileSync(target, exercise.stub, { flag: 'wx' });
    io.stdout.write(`Wrote ${name}. Fill it in, then run: mle-prep code ${question.id} --file ${name}\n`);
    return EXIT.ok;
  }

  const code = readSolution(isAbsolute(options.file) ? options.file : join(io.cwd, options.file), options.file);
  const probe = await probePython(io.env);
  const why = cannotRun(exercise, probe);
  if (why) throw new CliError(why.replace(/; grade yourself against the key points instead/, ''));
  const report = await runExercise({ exercise, code, python: probe.python!, env: io.env });
  if (options.json) io.stdout.write(runReportJson(question.id, report));
  else io.stdout.write(`${formatRunReport(report, exercise, { color: io.stdout.color, width: io.stdout.columns })}\n`);
  return report.verdict === 'pass' ? EXIT.ok : EXIT.failure;
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

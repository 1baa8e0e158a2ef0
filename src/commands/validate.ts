import { existsSync } from 'node:fs';
import { checkBank, validateBank } from '../bank-files/bank.js';
import { bundledBankDir } from '../bank-files/bundled.js';
import { CliError, EXIT } from '../errors.js';
import type { CommandIO } from '../io.js';
import { formatGithub, formatJson, formatStylish, type FindingFormat } from '../format/findings.js';
import { firstFew, plural } from '../lib/plural.js';
import type { Finding, Question } from '../bank/types.js';

export interface ValidateOptions {
  /** Check the bank that ships with mle-prep. */
  bundled?: boolean;
  format?: FindingFormat;
  strict?: boolean;
  quiet?: boolean;
  ignore?: string[];
  /** Also run every exercise's reference solution and stub against its tests (executes the files' code). */
  runSolutions?: boolean;
}

/** Like eslint, the folder you are in: its `questions/` when it has one, else the folder itself. */
export function defaultValidatePaths(): string[] {
  return [existsSync('questions') ? 'questions' : '.'];
}

const describeTargets = (targets: readonly string[]) =>
  firstFew(targets.map((t) => (t === bundledBankDir() ? 'the bundled bank' : t === '.' ? 'the current folder' : t)));

export async function runValidate(paths: string[], options: ValidateOptions, io: CommandIO): Promise<number> {
  const targets = [...paths, ...(options.bundled ? [bundledBankDir()] : [])];
  if (targets.length === 0) targets.push(...defaultValidatePaths());
  const result = await validateBank(targets, { ignore: options.ignore ?? [], ignoreNamedFiles: true, rubrics: true });
  const checked = describeTargets(targets);
  // An empty run is not a pass: a CI job pointed at the wrong folder must not go green.
  if (result.fileCount === 0 && result.findings.length === 0) {
    throw new CliError(`no question files (.md, .yaml, .yml) found in ${checked}; give the folder of your bank, or --bundled for the bundled one.`);
  }
  if (result.ignoredNamed.length) {
    // Said on stderr, not as a finding: skipping an ignored file is what was asked for, even under --strict.
    const skipped = plural(result.ignoredNamed.length, 'file');
    io.stderr.write(`mle-prep: skipped ${skipped} named on the command line that .mle-prepignore or --ignore excludes: ${firstFew(result.ignoredNamed)}\n`);
  }
  let findings = result.findings;
  // Running code needs the questions themselves, which validating alone no longer keeps: read them again, only here.
  if (options.runSolutions) {
    const { questions } = checkBank(targets, { ignore: options.ignore ?? [], ignoreNamedFiles: true });
    findings = [...findings, ...(await solutionFindings(questions, io))];
  }
  if (options.strict) findings = findings.map((f) => ({ ...f, severity: 'error' as const }));
  const failed = findings.some((f) => f.severity === 'error');
  if (options.quiet) findings = findings.filter((f) => f.severity === 'error');
  const summary = { findings, fileCount: result.fileCount, questionCount: result.questionCount, checked };

  const format = options.format ?? (io.env.GITHUB_ACTIONS === 'true' ? 'github' : 'stylish');
  // --quiet keeps a clean run silent, except for JSON, whose readers expect an array.
  if (!(options.quiet && findings.length === 0 && format !== 'json')) {
    const text =
      format === 'json'
        ? formatJson(summary)
        : format === 'github'
          ? formatGithub(summary)
          : formatStylish(summary, io.stdout.color, io.stdout.isTTY ? io.stdout.columns : undefined);
    io.stdout.write(text);
  }
  return failed ? EXIT.failure : EXIT.ok;
}

async function solutionFindings(questions: readonly Question[], io: CommandIO): Promise<Finding[]> {
  if (!questions.some((q) => q.code)) return [];
  const { probePython } = await import('../code/runner.js');
  const { checkSolutions } = await import('../code/check-solutions.js');
  const probe = await probePython(io.env);
  if (!probe.python) throw new CliError('--run-solutions needs python3 (or MLE_PREP_PYTHON) to run the reference solutions, and none was found.');
  return checkSolutions(questions, probe.python);
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

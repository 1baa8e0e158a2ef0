import { existsSync } from 'node:fs';
import { checkBank } from '../bank/bank.js';
import { bundledBankDir } from '../bank/bundled.js';
import { EXIT } from '../errors.js';
import type { CommandIO } from '../io.js';
import { formatGithub, formatJson, formatStylish, type FindingFormat } from '../reporters/findings.js';
import { firstFew, plural } from '../ui/plural.js';

export interface ValidateOptions {
  format?: FindingFormat;
  strict?: boolean;
  quiet?: boolean;
  ignore?: string[];
}

export function defaultValidatePaths(): string[] {
  return [existsSync('questions') ? 'questions' : bundledBankDir()];
}

export function runValidate(paths: string[], options: ValidateOptions, io: CommandIO): number {
  const targets = paths.length > 0 ? paths : defaultValidatePaths();
  const result = checkBank(targets, { ignore: options.ignore ?? [], ignoreNamedFiles: true });
  if (result.ignoredNamed.length) {
    // Said on stderr, not as a finding: skipping an ignored file is what was asked for, even under --strict.
    const skipped = plural(result.ignoredNamed.length, 'file');
    io.stderr.write(`mle-prep: skipped ${skipped} named on the command line that .mle-prepignore or --ignore excludes: ${firstFew(result.ignoredNamed)}\n`);
  }
  let findings = result.findings;
  if (options.strict) findings = findings.map((f) => ({ ...f, severity: 'error' as const }));
  const failed = findings.some((f) => f.severity === 'error');
  if (options.quiet) findings = findings.filter((f) => f.severity === 'error');
  const summary = { findings, fileCount: result.fileCount, questionCount: result.questionCount };

  const format = options.format ?? (io.env.GITHUB_ACTIONS === 'true' ? 'github' : 'stylish');
  // --quiet keeps a clean run silent, except for JSON, whose readers expect an array.
  if (!(options.quiet && findings.length === 0 && format !== 'json')) {
    const text =
      format === 'json' ? formatJson(summary) : format === 'github' ? formatGithub(summary) : formatStylish(summary, io.stdout.color, io.stdout.isTTY ? io.stdout.columns : undefined);
    io.stdout.write(text);
  }
  return failed ? EXIT.failure : EXIT.ok;
}

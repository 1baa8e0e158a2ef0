import { checkBank, type BankCheck } from '../bank/bank.js';
import { bundledBankDir } from '../bank/bundled.js';
import { UsageError } from '../errors.js';
import type { CommandIO } from '../io.js';
import { plural } from '../ui/plural.js';

export interface BankSelection {
  bank?: string[];
  /** false when --no-bundled is given. */
  bundled?: boolean;
}

/** The bundled bank plus the user's folders; questions with errors are left out, with one line saying so. */
export function loadQuestions(options: BankSelection, io: CommandIO): BankCheck {
  const extra = options.bank ?? [];
  const includeBundled = options.bundled !== false;
  if (!includeBundled && extra.length === 0) throw new UsageError('--no-bundled needs at least one --bank <dir> to take questions from.');
  const paths = [...(includeBundled ? [bundledBankDir()] : []), ...extra];
  const bank = checkBank(paths, { bundledTopics: includeBundled });
  const errors = bank.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    const files = new Set(errors.map((f) => f.file));
    const skipped = bank.questionCount - bank.questions.length;
    const command = ['mle-prep validate', ...extra].join(' ');
    io.stderr.write(
      io.stderr.color.yellow(
        `mle-prep: ${plural(errors.length, 'problem')} in ${plural(files.size, 'question file')}; ${plural(skipped, 'question')} skipped. Run \`${command}\` for details.\n`,
      ),
    );
  }
  return bank;
}

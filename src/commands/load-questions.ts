import { statSync } from 'node:fs';
import { join } from 'node:path';
import { bundledBankDir } from '../bank/bundled.js';
import { bankSignature, readCachedBank, writeCachedBank, type CheckedBank } from '../bank/cache.js';
import type { Question, Topic } from '../bank/types.js';
import { findQuestionFiles } from '../bank/walk.js';
import { UsageError } from '../errors.js';
import type { CommandIO } from '../io.js';
import { plural } from '../ui/plural.js';

export interface BankSelection {
  bank?: string[];
  /** false when --no-bundled is given. */
  bundled?: boolean;
}

export interface LoadedBank {
  questions: Question[];
  topics: Topic[];
}

/** One bank folder (or file), from the cache when nothing in it changed since it was last checked. */
async function loadOne(path: string, bundledTopics: boolean): Promise<CheckedBank> {
  const isDir = statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  let signature: string | undefined;
  if (isDir) {
    const found = findQuestionFiles([path]);
    // Which topics count as known changes the result, so it is part of the key.
    const bundledTopicsFile = join(bundledBankDir(), 'topics.yaml');
    signature = bankSignature([...found.questionFiles, ...found.topicsFiles, ...(bundledTopics ? [bundledTopicsFile] : [])]);
    const cached = readCachedBank(path, signature);
    if (cached) return cached;
  }
  // Only a cache miss pays for the parser, the schema validator and the YAML library.
  const { checkBank } = await import('../bank/bank.js');
  const check = checkBank([path], { bundledTopics });
  const errors = check.findings.filter((f) => f.severity === 'error');
  const bank: CheckedBank = {
    questions: check.questions,
    topics: check.topics,
    questionCount: check.questionCount,
    errorCount: errors.length,
    errorFiles: new Set(errors.map((f) => f.file)).size,
  };
  if (signature) writeCachedBank(path, signature, bank);
  return bank;
}

/**
 * The bundled bank plus the user's folders. Questions with errors are left out with one line saying so; a
 * question whose id is already taken by an earlier bank is left out too.
 */
export async function loadQuestions(options: BankSelection, io: CommandIO): Promise<LoadedBank> {
  const extra = options.bank ?? [];
  const includeBundled = options.bundled !== false;
  if (!includeBundled && extra.length === 0) throw new UsageError('--no-bundled needs at least one --bank <dir> to take questions from.');
  for (const path of extra) {
    if (!statSync(path, { throwIfNoEntry: false })) throw new UsageError(`no such file or folder: ${path}`);
  }
  const paths = [...(includeBundled ? [bundledBankDir()] : []), ...extra];
  const banks = await Promise.all(paths.map((path) => loadOne(path, includeBundled)));

  const topics = new Map<string, Topic>();
  const questions = new Map<string, Question>();
  let duplicates = 0;
  for (const bank of banks) {
    for (const topic of bank.topics) if (!topics.has(topic.id)) topics.set(topic.id, topic);
    for (const question of bank.questions) {
      if (questions.has(question.id)) duplicates++;
      else questions.set(question.id, question);
    }
  }
  const errors = banks.reduce((n, b) => n + b.errorCount, 0);
  const skipped = banks.reduce((n, b) => n + b.questionCount - b.questions.length, 0) + duplicates;
  if (errors > 0 || duplicates > 0) {
    const files = banks.reduce((n, b) => n + b.errorFiles, 0);
    const what = [errors ? `${plural(errors, 'problem')} in ${plural(files, 'question file')}` : '', duplicates ? `${plural(duplicates, 'id')} used twice` : '']
      .filter(Boolean)
      .join(' and ');
    const command = ['mle-prep validate', ...(extra.length ? extra : [])].join(' ');
    io.stderr.write(io.stderr.color.yellow(`mle-prep: ${what}; ${plural(skipped, 'question')} skipped. Run \`${command}\` for details.\n`));
  }
  return { questions: [...questions.values()], topics: [...topics.values()] };
}


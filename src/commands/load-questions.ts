import { statSync } from 'node:fs';
import { join } from 'node:path';
import { bundledBankDir } from '../bank/bundled.js';
import { bankSignature, readCachedBank, summarize, writeCachedBank, type CheckedBank, type Detail } from '../bank/cache.js';
import type { Question, QuestionSummary, Topic } from '../bank/types.js';
import { findQuestionFiles, nearestTopicsFile } from '../bank/walk.js';
import { UsageError } from '../errors.js';
import { warnTo, type CommandIO } from '../io.js';
import { firstFew, plural } from '../ui/plural.js';

export interface BankSelection {
  bank?: string[];
  /** false when --no-bundled is given. */
  bundled?: boolean;
}

export interface LoadedBank<Q extends QuestionSummary = Question> {
  questions: Q[];
  topics: Topic[];
}

/** One bank folder (or file), from the cache when nothing in it changed since it was last checked. */
async function loadOne(path: string, bundledTopics: boolean, detail: Detail): Promise<CheckedBank<QuestionSummary>> {
  const isDir = statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  let signature: string | undefined;
  if (isDir) {
    const found = findQuestionFiles([path]);
    // Which topics count as known changes the result, so it is part of the key.
    const bundledTopicsFile = join(bundledBankDir(), 'topics.yaml');
    // The topics.yaml above the folder, when it has none of its own, defines its topics too.
    const ancestorTopics = nearestTopicsFile(path);
    signature = bankSignature([
      ...new Set([...found.questionFiles, ...found.topicsFiles, ...(ancestorTopics ? [ancestorTopics] : []), ...(bundledTopics ? [bundledTopicsFile] : [])]),
    ]);
    const cached = readCachedBank(path, signature, detail);
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
  return detail === 'summary' ? summarize(bank) : bank;
}

/**
 * The bundled bank plus the user's folders. Questions with errors are left out with one line saying so; a
 * question whose id is already taken by an earlier bank is left out too.
 */
export async function loadQuestions(options: BankSelection, io: CommandIO): Promise<LoadedBank> {
  // Full detail: every question read from a 'full' cache or parsed whole.
  return (await load(options, io, 'full')) as LoadedBank;
}

/** The same questions as loadQuestions, without their text: for commands that only count and filter. */
export async function loadQuestionSummaries(options: BankSelection, io: CommandIO): Promise<LoadedBank<QuestionSummary>> {
  return load(options, io, 'summary');
}

async function load(options: BankSelection, io: CommandIO, detail: Detail): Promise<LoadedBank<QuestionSummary>> {
  const extra = options.bank ?? [];
  const includeBundled = options.bundled !== false;
  if (!includeBundled && extra.length === 0) throw new UsageError('--no-bundled needs at least one --bank <dir> to take questions from.');
  for (const path of extra) {
    if (!statSync(path, { throwIfNoEntry: false })) throw new UsageError(`no such file or folder: ${path}`);
  }
  const paths = [...(includeBundled ? [bundledBankDir()] : []), ...extra];
  const banks = await Promise.all(paths.map((path) => loadOne(path, includeBundled, detail)));

  const topics = new Map<string, Topic>();
  const questions = new Map<string, QuestionSummary>();
  // Ids an earlier bank (the bundled one first) already uses: validate checks one bank at a time, so these are
  // named here rather than left to it.
  const taken: string[] = [];
  for (const bank of banks) {
    for (const topic of bank.topics) if (!topics.has(topic.id)) topics.set(topic.id, topic);
    for (const question of bank.questions) {
      if (questions.has(question.id)) taken.push(question.id);
      else questions.set(question.id, question);
    }
  }
  const warn = warnTo(io);
  const errors = banks.reduce((n, b) => n + b.errorCount, 0);
  if (errors > 0) {
    const files = banks.reduce((n, b) => n + b.errorFiles, 0);
    const invalid = banks.reduce((n, b) => n + b.questionCount - b.questions.length, 0);
    const command = ['mle-prep validate', ...extra].join(' ');
    warn(`${plural(errors, 'problem')} in ${plural(files, 'question file')}; ${plural(invalid, 'question')} skipped. Run \`${command}\` for details.`);
  }
  if (taken.length > 0) {
    const one = taken.length === 1;
    warn(`${plural(taken.length, 'question')} skipped because ${one ? 'its id is' : 'their ids are'} already used by ${includeBundled ? 'the bundled bank or ' : ''}an earlier --bank: ${firstFew(taken)}. Give ${one ? 'it a new id' : 'them new ids'}.`);
  }
  return { questions: [...questions.values()], topics: [...topics.values()] };
}


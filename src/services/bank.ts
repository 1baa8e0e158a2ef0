import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { bundledBankDir } from '../bank-files/bundled.js';
import {
  bankFilesOf,
  cachedFullPath,
  checkedBankOf,
  prebuiltBankPath,
  readCachedBank,
  readPrebuiltBank,
  readQuestionAt,
  summarize,
  writeCachedBank,
  writeCachedSummary,
  type BankFiles,
  type CheckedBank,
  type LexedQuestion,
  type QuestionRanges,
  type SummaryWithRanges,
} from '../bank-files/cache.js';
import type { Question, QuestionSummary, Topic } from '../bank/types.js';
import { UsageError } from '../errors.js';
import { warnTo, type CommandIO } from '../io.js';
import { firstFew, plural } from '../lib/plural.js';

export interface BankSelection {
  bank?: string[];
  /** false when --no-bundled is given. */
  bundled?: boolean;
}

export interface LoadedBank<Q extends QuestionSummary = Question> {
  questions: Q[];
  topics: Topic[];
  /** A question's Markdown as the package build lexed it, when the bundled bank's prebuilt cache has it. */
  lexed?: LexedLookup;
}

/** A question's prompt and answer Markdown already lexed, by text, for the renderer (ViewOptions.lexed). */
export type LexedLookup = (question: Question) => ReadonlyMap<string, unknown[]> | undefined;

/** Whether the bank's cache may have been built with the package. */
const isBundled = (path: string, bundledTopics: boolean) => bundledTopics && path === bundledBankDir();

/**
 * Whether the bundled bank is that of an installed package (in a node_modules folder, as npm, npx, a global install
 * or pnpm put it), whose files are the ones the package was built from when it was packed: the package manager
 * checked them against the published archive and owns them. Its prebuilt cache (of this build) is then read
 * without walking, stating or hashing the files. A git clone's bundled bank (questions edited in place) is checked
 * as any other bank, wherever it is.
 */
const installedPackage = (path: string) => {
  const packageDir = dirname(path);
  const parent = dirname(packageDir);
  // node_modules/mle-prep, or node_modules/@scope/mle-prep; a git clone placed there is still a clone.
  const inNodeModules = basename(parent) === 'node_modules' || (basename(parent).startsWith('@') && basename(dirname(parent)) === 'node_modules');
  return inNodeModules && !existsSync(join(packageDir, '.git'));
};

/** The files of a bank to check its caches against, or 'installed' for an installed package's bundled bank. */
function filesToCheck(path: string, bundledTopics: boolean): BankFiles | 'installed' | undefined {
  return isBundled(path, bundledTopics) && installedPackage(path) ? 'installed' : bankFilesOf(path, bundledTopics);
}

/** Parses and checks a bank, and caches the result (full and summary) under its signature. */
async function checkAndCache(path: string, bundledTopics: boolean, signature: string | undefined): Promise<CheckedBank> {
  // Only a cache miss pays for the parser, the schema validator and the YAML library.
  const { checkBank } = await import('../bank-files/bank.js');
  const bank = checkedBankOf(checkBank([path], { bundledTopics }));
  if (signature) writeCachedBank(path, signature, bank);
  return bank;
}

/** One bank folder (or file), from the cache when nothing in it changed since it was last checked. */
async function loadFull(path: string, bundledTopics: boolean): Promise<CheckedBank> {
  let files = filesToCheck(path, bundledTopics);
  const prebuilt = files && isBundled(path, bundledTopics) && readPrebuiltBank(path, files, 'full');
  if (prebuilt) return prebuilt;
  // An installed package whose prebuilt cache is missing or damaged: as any other bank.
  if (files === 'installed') files = bankFilesOf(path, bundledTopics);
  return (files && readCachedBank(path, files.signature, 'full')) || checkAndCache(path, bundledTopics, files?.signature);
}

/**
 * A bank without question text, and where its full cache file (and lexed Markdown) is, for reading single
 * questions; or the full bank itself when it was just parsed (no cache to read from).
 */
type Summary = SummaryWithRanges & { fullPath?: string; lexedPath?: string; full?: CheckedBank };

/** The same without question text: from the summary cache, else from the full cache, else parsed. */
async function loadSummary(path: string, bundledTopics: boolean): Promise<Summary> {
  const checked = filesToCheck(path, bundledTopics);
  const prebuilt = checked && isBundled(path, bundledTopics) && readPrebuiltBank(path, checked, 'summary');
  if (prebuilt) return { ...prebuilt, fullPath: prebuiltBankPath(path, 'full'), lexedPath: prebuiltBankPath(path, 'lexed') };
  const files = checked === 'installed' ? bankFilesOf(path, bundledTopics) : checked;
  if (!files) {
    const full = await checkAndCache(path, bundledTopics, undefined);
    return { ...summarize(full), full };
  }
  const cached = readCachedBank(path, files.signature, 'summary');
  if (cached) return { ...cached, fullPath: cachedFullPath(path) };
  const full = readCachedBank(path, files.signature, 'full');
  if (!full) {
    const parsed = await checkAndCache(path, bundledTopics, files.signature);
    return { ...summarize(parsed), full: parsed };
  }
  return { ...writeCachedSummary(path, files.signature, full), fullPath: cachedFullPath(path) };
}

/**
 * The bundled bank plus the user's folders. Questions with errors are left out with one line saying so; a
 * question whose id is already taken by an earlier bank is left out too.
 */
export async function loadQuestions(options: BankSelection, io: CommandIO): Promise<LoadedBank> {
  const paths = bankPaths(options);
  const banks = await Promise.all(paths.map((path) => loadFull(path, options.bundled !== false)));
  const loaded: LoadedBank = merge(banks, options, io);
  // Only the bundled bank's prebuilt cache has lexed Markdown.
  const at = banks.findIndex((bank) => 'lexedRanges' in bank);
  const ranges = (banks[at] as { lexedRanges?: QuestionRanges } | undefined)?.lexedRanges;
  return ranges ? { ...loaded, lexed: lexedLookup(prebuiltBankPath(paths[at]!, 'lexed'), ranges, banks[at]!.questions) } : loaded;
}

/** The lexed Markdown of a bank's questions, found by id (the index is built on first use). */
function lexedLookup(path: string, ranges: QuestionRanges, questions: readonly QuestionSummary[]): LexedLookup {
  let index: Map<string, number> | undefined;
  return (question) => {
    index ??= new Map(questions.map((q, i) => [q.id, i]));
    const i = index.get(question.id);
    return i === undefined ? undefined : lexedMarkdown(path, ranges, i, question);
  };
}

/**
 * One question with its text (undefined when no bank has it), and every id, for a suggestion: from the summaries,
 * reading only that question's text from the cache when the cache has it, so a bank of any size costs little more
 * than its summary. The same warnings as loadQuestions.
 */
export async function loadQuestion(
  id: string,
  options: BankSelection,
  io: CommandIO,
): Promise<{ question?: Question; ids: string[]; lexed?: Map<string, unknown[]> }> {
  const paths = bankPaths(options);
  const bundledTopics = options.bundled !== false;
  const banks = await Promise.all(paths.map((path) => loadSummary(path, bundledTopics)));
  const ids = merge(banks, options, io).questions.map((q) => q.id);
  // The first bank that has the id wins, as in merge.
  const at = banks.findIndex((bank) => bank.questions.some((q) => q.id === id));
  if (at < 0) return { ids };
  const bank = banks[at]!;
  const index = bank.questions.findIndex((q) => q.id === id);
  const read = bank.ranges && bank.fullPath ? readQuestionAt(bank.fullPath, bank.ranges, index) : undefined;
  const question = read?.id === id ? read : (await loadFull(paths[at]!, bundledTopics)).questions.find((q) => q.id === id);
  const lexed = question && bank.lexedRanges && bank.lexedPath ? lexedMarkdown(bank.lexedPath, bank.lexedRanges, index, question) : undefined;
  return { question, ids, lexed };
}

/**
 * The question's Markdown as the package build lexed it, by text; only for the bundled bank's prebuilt cache, and
 * only entries whose text is the question's own.
 */
function lexedMarkdown(path: string, ranges: QuestionRanges, index: number, question: Question): Map<string, unknown[]> | undefined {
  const record = readQuestionAt<LexedQuestion>(path, ranges, index);
  if (record?.id !== question.id || !Array.isArray(record.markdown)) return undefined;
  const own = new Set([question.prompt, question.answer]);
  return new Map(record.markdown.filter(([text, tokens]) => own.has(text) && Array.isArray(tokens)));
}

/** A bank to choose a session's questions from: without text, until the chosen ones are read. */
export interface ChoosableBank extends LoadedBank<QuestionSummary> {
  /** The chosen questions with their text, in the same order. */
  read(chosen: readonly QuestionSummary[]): Promise<Question[]>;
  /** Every question with its text (for the key-point weights), read once when first asked for. */
  whole(): Promise<readonly Question[]>;
}

/**
 * The same questions as loadQuestions, from the summaries: a session reads the text of the questions it asks, and
 * the whole bank only when an answer is graded, not before the first question is on screen.
 */
export async function loadQuestionsToChoose(options: BankSelection, io: CommandIO): Promise<ChoosableBank> {
  const paths = bankPaths(options);
  const bundledTopics = options.bundled !== false;
  const banks = await Promise.all(paths.map((path) => loadSummary(path, bundledTopics)));
  const merged = merge(banks, options, io);
  // Where each question's text is: the first bank that has its id, as in merge.
  let owners: Map<string, { bank: number; index: number }> | undefined;
  const ownerOf = (id: string) => {
    if (!owners) {
      owners = new Map();
      banks.forEach((bank, b) => {
        bank.questions.forEach((q, index) => {
          if (!owners!.has(q.id)) owners!.set(q.id, { bank: b, index });
        });
      });
    }
    return owners.get(id);
  };
  let whole: Promise<readonly Question[]> | undefined;
  const wholeBank = () =>
    (whole ??= Promise.all(paths.map((path, b) => banks[b]!.full ?? loadFull(path, bundledTopics))).then(
      (full) => merge(full, options, io, { quiet: true }).questions,
    ));
  const readOne = (summary: QuestionSummary): Question | undefined => {
    const owner = ownerOf(summary.id);
    const bank = owner && banks[owner.bank]!;
    if (!owner || !bank) return undefined;
    if (bank.full) return bank.full.questions[owner.index];
    const read = bank.ranges && bank.fullPath ? readQuestionAt(bank.fullPath, bank.ranges, owner.index) : undefined;
    return read?.id === summary.id ? read : undefined;
  };
  const lexedBank = banks.find((bank) => bank.lexedRanges && bank.lexedPath);
  return {
    ...merged,
    read: async (chosen) => {
      const read = chosen.map(readOne);
      if (read.every((q): q is Question => q !== undefined)) return read;
      // A cache changed under this run: the whole bank, as loadQuestions reads it.
      const byId = new Map((await wholeBank()).map((q) => [q.id, q]));
      return chosen.flatMap((q) => byId.get(q.id) ?? []);
    },
    whole: wholeBank,
    // Only the bundled bank's prebuilt cache has it; lexedMarkdown takes it only for the question's own text.
    ...(lexedBank ? { lexed: lexedLookup(lexedBank.lexedPath!, lexedBank.lexedRanges!, lexedBank.questions) } : {}),
  };
}

/** The same questions as loadQuestions, without their text: for commands that only count and filter. */
export async function loadQuestionSummaries(options: BankSelection, io: CommandIO): Promise<LoadedBank<QuestionSummary>> {
  return merge(await Promise.all(bankPaths(options).map((path) => loadSummary(path, options.bundled !== false))), options, io);
}

function bankPaths(options: BankSelection): string[] {
  const extra = options.bank ?? [];
  const includeBundled = options.bundled !== false;
  if (!includeBundled && extra.length === 0) throw new UsageError('--no-bundled needs at least one --bank <dir> to take questions from.');
  for (const path of extra) {
    if (!statSync(path, { throwIfNoEntry: false })) throw new UsageError(`no such file or folder: ${path}`);
  }
  return [...(includeBundled ? [bundledBankDir()] : []), ...extra];
}

function merge<Q extends QuestionSummary>(banks: Array<CheckedBank<Q>>, options: BankSelection, io: CommandIO, { quiet = false } = {}): LoadedBank<Q> {
  const extra = options.bank ?? [];
  const includeBundled = options.bundled !== false;
  const topics = new Map<string, Topic>();
  const questions = new Map<string, Q>();
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
  const warn = quiet ? () => undefined : warnTo(io);
  const errors = banks.reduce((n, b) => n + b.errorCount, 0);
  if (errors > 0) {
    const files = banks.reduce((n, b) => n + b.errorFiles, 0);
    const invalid = banks.reduce((n, b) => n + b.questionCount - b.questions.length, 0);
    const command = ['mle-prep validate', ...extra].join(' ');
    warn(`${plural(errors, 'problem')} in ${plural(files, 'question file')}; ${plural(invalid, 'question')} skipped. Run \`${command}\` for details.`);
  }
  if (taken.length > 0) {
    const one = taken.length === 1;
    warn(
      `${plural(taken.length, 'question')} skipped because ${one ? 'its id is' : 'their ids are'} already used by ${includeBundled ? 'the bundled bank or ' : ''}an earlier --bank: ${firstFew(taken)}. Give ${one ? 'it a new id' : 'them new ids'}.`,
    );
  }
  return { questions: [...questions.values()], topics: [...topics.values()] };
}

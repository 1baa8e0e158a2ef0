// A per-bank cache of checked questions, so commands that only read a bank (list, quiz, show) skip parsing it
// when nothing changed. It lives in the user's cache folder and is keyed by every file's path, size and
// modification time plus the build of mle-prep that wrote it; anything unexpected simply means a fresh parse.
// Beside the full cache sits a summary of the same bank without any question text, for the commands that only
// count and filter (list, stats): a few percent of the size, so they start faster.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import envPaths from 'env-paths';
import type { Question, QuestionSummary, Topic } from '../bank/types.js';
import { bundledBankDir } from './bundled.js';
import { findQuestionFiles, nearestTopicsFile } from './walk.js';

declare const MLE_PREP_BUILD_ID: string;

export interface CheckedBank<Q extends QuestionSummary = Question> {
  questions: Q[];
  topics: Topic[];
  /** Question entries found, valid or not. */
  questionCount: number;
  errorCount: number;
  /** Files holding at least one error. */
  errorFiles: number;
}

/** What a cache keeps of a bank check: the valid questions and topics, and how many errors it found where. */
export function checkedBankOf(check: {
  questions: Question[];
  topics: Topic[];
  questionCount: number;
  findings: ReadonlyArray<{ severity: string; file: string }>;
}): CheckedBank {
  const errors = check.findings.filter((f) => f.severity === 'error');
  return {
    questions: check.questions,
    topics: check.topics,
    questionCount: check.questionCount,
    errorCount: errors.length,
    errorFiles: new Set(errors.map((f) => f.file)).size,
  };
}

/** How much of each question a reader needs: all of it, or only the summary. */
export type Detail = 'full' | 'summary';

interface CacheFile {
  signature: string;
  bank: CheckedBank<QuestionSummary>;
  /** Only in the prebuilt full file: where each question's lexed Markdown is (see LexedQuestion). */
  lexed?: QuestionRanges;
}

/**
 * Where each question sits in the full cache file, kept in the summary so that `show` reads one question instead of
 * the whole bank: the full file's nonce (it starts with it, so a full file written by another run is never mixed
 * with this summary) and each question's start and end offset, in the summary's question order.
 */
export interface QuestionRanges {
  nonce: string;
  ranges: number[];
}

interface SummaryFile extends CacheFile {
  full?: QuestionRanges;
}

/** A summary and where to find each of its questions' text (and, for the prebuilt bank, its lexed Markdown). */
export type SummaryWithRanges = CheckedBank<QuestionSummary> & { ranges?: QuestionRanges; lexedRanges?: QuestionRanges };

/**
 * A question's Markdown fields as the terminal renderer's lexer turns them into tokens, written when the package is
 * built so that `show` and the first question skip lexing. Each entry pairs the field's text with its tokens: a
 * reader uses the tokens only for exactly that text.
 */
export interface LexedQuestion {
  id: string;
  markdown: Array<[text: string, tokens: unknown[]]>;
}

const newNonce = () => `${Date.now().toString(36)}-${process.pid.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * The full cache file's text (ASCII JSON, so offsets in characters are offsets in bytes), and where each question
 * is in it. The same input always gives the same text.
 */
export function fullCacheText<R extends { id: string } = Question>(
  signature: string,
  bank: { questions: readonly R[] } | CheckedBank,
  nonce: string,
  lexed?: QuestionRanges,
): { text: string; full: QuestionRanges } {
  const { questions, ...rest } = bank;
  const restJson = asciiJson(rest);
  const lexedJson = lexed ? `"lexed":${asciiJson(lexed)},` : '';
  const parts = [`{"nonce":${asciiJson(nonce)},"signature":${asciiJson(signature)},${lexedJson}"bank":{"questions":[`];
  let offset = parts[0]!.length;
  const ranges: number[] = [];
  questions.forEach((question, i) => {
    const json = asciiJson(question);
    if (i > 0) {
      parts.push(',');
      offset++;
    }
    parts.push(json);
    ranges.push(offset, offset + json.length);
    offset += json.length;
  });
  parts.push(restJson === '{}' ? ']}}' : `],${restJson.slice(1)}}`);
  return { text: parts.join(''), full: { nonce, ranges } };
}

/**
 * One question of a full cache file (or one record of a file laid out the same way), by its place in the summary;
 * undefined when the file is not the one expected.
 */
export function readQuestionAt<R extends { id: string } = Question>(path: string, full: QuestionRanges, index: number): R | undefined {
  const start = full.ranges[2 * index];
  const end = full.ranges[2 * index + 1];
  if (start === undefined || end === undefined || end <= start) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = `{"nonce":${asciiJson(full.nonce)},`;
    const headBytes = Buffer.alloc(head.length);
    if (readSync(fd, headBytes, 0, head.length, 0) !== head.length || headBytes.toString('latin1') !== head) return undefined;
    const bytes = Buffer.alloc(end - start);
    if (readSync(fd, bytes, 0, bytes.length, start) !== bytes.length) return undefined;
    const question = JSON.parse(bytes.toString('latin1')) as R;
    return typeof question === 'object' && question !== null && typeof question.id === 'string' ? question : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** This build's id ("source" when the TypeScript runs as is, as in the tests). */
const buildId = () => (typeof MLE_PREP_BUILD_ID === 'string' ? MLE_PREP_BUILD_ID : 'source');

/** The bank without question text. */
export function summarize(bank: CheckedBank): CheckedBank<QuestionSummary> {
  return { ...bank, questions: bank.questions.map(({ id, topic, difficulty, type, tags }) => ({ id, topic, difficulty, type, tags })) };
}

function cacheDirectory(): string {
  return envPaths('mle-prep', { suffix: '' }).cache;
}

/**
 * Changes whenever a file is added, removed or edited, or mle-prep is rebuilt. Kept as plain text (a few dozen
 * bytes a file) and compared whole, which costs less than loading a hash function.
 */
export function bankSignature(files: readonly string[]): string {
  const parts = [buildId()];
  for (const file of [...files].sort()) {
    const stats = statSync(file);
    // ctime and inode too: a copy that keeps the mtime (cp -p, rsync -a, tar) still changes them.
    parts.push(`${file}|${stats.size}|${stats.mtimeMs}|${stats.ctimeMs}|${stats.ino}`);
  }
  return parts.join('\n');
}

/** FNV-1a, only to turn a folder path into a short file name. */
function shortName(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

function cachePath(bankDir: string, detail: Detail): string {
  return join(cacheDirectory(), `bank-${shortName(realpathSync(bankDir))}${detail === 'summary' ? '.summary' : ''}.json`);
}

/** The full cache file of a bank folder in the user's cache, for reading one question from it. */
export function cachedFullPath(bankDir: string): string {
  return cachePath(bankDir, 'full');
}

const validRanges = (ranges: QuestionRanges | undefined) => (ranges && typeof ranges.nonce === 'string' && Array.isArray(ranges.ranges) ? ranges : undefined);

/** The bank of a cache file, with the summary's question ranges. */
function bankOf(cached: SummaryFile): SummaryWithRanges {
  const ranges = validRanges(cached.full);
  const lexedRanges = ranges && validRanges(cached.lexed);
  return ranges ? { ...cached.bank, ranges, ...(lexedRanges ? { lexedRanges } : {}) } : cached.bank;
}

export function readCachedBank(bankDir: string, signature: string, detail: 'full'): CheckedBank | undefined;
export function readCachedBank(bankDir: string, signature: string, detail: 'summary'): SummaryWithRanges | undefined;
export function readCachedBank(bankDir: string, signature: string, detail: Detail): SummaryWithRanges | undefined {
  try {
    // Written as pure ASCII (below), so latin1 reads it exactly, and faster than UTF-8 decoding would.
    const cached = JSON.parse(readFileSync(cachePath(bankDir, detail), 'latin1')) as SummaryFile;
    if (cached.signature !== signature || !Array.isArray(cached.bank?.questions)) return undefined;
    return detail === 'summary' ? bankOf(cached) : cached.bank;
  } catch {
    return undefined;
  }
}

/**
 * JSON with every non-ASCII character written as a \\u escape: the file is then plain ASCII, which Node reads and
 * V8 parses several times faster than UTF-8 text with a few hundred dashes and symbols in it.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Best effort: a cache that cannot be written only costs speed. */
function writeCacheFile(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch {
    // read-only or full disk: parse again next time
  }
}

/** The summary file's text: the bank without question text, and where each question is in the full file. */
function summaryText(signature: string, bank: CheckedBank, full: QuestionRanges, lexed?: QuestionRanges): string {
  return asciiJson({ signature, bank: summarize(bank), full, ...(lexed ? { lexed } : {}) } satisfies SummaryFile);
}

/** Writes the full cache and its summary. */
export function writeCachedBank(bankDir: string, signature: string, bank: CheckedBank): void {
  const { text, full } = fullCacheText(signature, bank, newNonce());
  writeCacheFile(cachePath(bankDir, 'full'), text);
  writeCacheFile(cachePath(bankDir, 'summary'), summaryText(signature, bank, full));
}

/**
 * Writes the summary of a full cache file that lost its summary. The full file is read again for its nonce, and
 * the question ranges are found by writing the same text again.
 */
export function writeCachedSummary(bankDir: string, signature: string, bank: CheckedBank): SummaryWithRanges {
  const summary = summarize(bank);
  try {
    const { nonce } = JSON.parse(readFileSync(cachePath(bankDir, 'full'), 'latin1')) as { nonce?: unknown };
    if (typeof nonce !== 'string') return summary;
    const { full } = fullCacheText(signature, bank, nonce);
    writeCacheFile(cachePath(bankDir, 'summary'), summaryText(signature, bank, full));
    return { ...summary, ranges: full };
  } catch {
    return summary;
  }
}

/**
 * The bundled bank checked when the package is built, so the first run after installing is as fast as the second.
 * Installing changes every file's path, inode, ctime and mtime, so this one is keyed by the build and each file's
 * path inside the bank and content (a hash of 2-3 MB): an edit after the build falls back to the user's cache.
 * Hashing is done once per install (or edit): the user's cache then keeps a stamp saying which stat signature
 * (path, size, mtime, ctime and inode of every file, as for the user's own banks) was found to match the prebuilt
 * cache, and later runs only compare stats with it, as make and tsc do.
 */
export function prebuiltBankPath(bankDir: string, detail: Detail | 'lexed' | 'stamp'): string {
  return join(dirname(bankDir), 'dist', `bundled-bank${detail === 'full' ? '' : `.${detail}`}.json`);
}

/** The key of a prebuilt cache. */
export function prebuiltSignature(bankDir: string, files: readonly string[]): string {
  const hash = createHash('sha1');
  const names: string[] = [];
  const inside = bankDir.endsWith(sep) ? bankDir : bankDir + sep;
  for (const file of [...files].sort()) {
    // The walk names files as their folder plus their path in it: only an odd path needs path.relative.
    const name = file.startsWith(inside) ? file.slice(inside.length) : relative(bankDir, file);
    names.push(name.split('\\').join('/'));
    hash.update(readFileSync(file));
  }
  return [buildId(), hash.digest('hex'), ...names].join('\n');
}

/** The files of a bank and their stat signature (bankSignature), as the loader found them. */
export interface BankFiles {
  files: readonly string[];
  signature: string;
}

/**
 * The files of a bank folder and their stat signature, the cache key; a single file is not cached. Which topics
 * count as known changes the result, so the bundled topics.yaml is part of the key, as is the topics.yaml above the
 * folder when it has none of its own (it defines the folder's topics).
 */
export function bankFilesOf(path: string, bundledTopics: boolean): BankFiles | undefined {
  if (!(statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false)) return undefined;
  const found = findQuestionFiles([path]);
  const bundledTopicsFile = join(bundledBankDir(), 'topics.yaml');
  const ancestorTopics = nearestTopicsFile(path);
  const files = [...found.questionFiles, ...found.topicsFiles];
  return {
    files,
    signature: bankSignature([...new Set([...files, ...(ancestorTopics ? [ancestorTopics] : []), ...(bundledTopics ? [bundledTopicsFile] : [])])]),
  };
}

interface PrebuiltStamp {
  /** The files' stat signature when they were last found to match... */
  stat: string;
  /** ...the prebuilt cache with this signature. */
  prebuilt: string;
}

function stampPath(bankDir: string): string {
  return join(cacheDirectory(), `bank-${shortName(realpathSync(bankDir))}.prebuilt.json`);
}

/**
 * The stamp the build leaves beside the prebuilt cache: the bank's files as they were when it ran, so the first run
 * in a clone just built need not hash them (the package leaves it out; an installed package never looks).
 */
export function prebuiltStamp(stat: string, prebuilt: string): string {
  return asciiJson({ stat, prebuilt } satisfies PrebuiltStamp);
}

/** Whether the files, as they are now, are those the prebuilt cache with `signature` was built from. */
function matchesPrebuilt(bankDir: string, bank: BankFiles, signature: string): boolean {
  // The build's stamp (in the clone it was built in), else the user's from an earlier run.
  for (const path of [prebuiltBankPath(bankDir, 'stamp'), stampPath(bankDir)]) {
    try {
      const stamp = JSON.parse(readFileSync(path, 'latin1')) as PrebuiltStamp;
      if (stamp.stat === bank.signature && stamp.prebuilt === signature) return true;
    } catch {
      // no stamp yet, or a damaged one: hash
    }
  }
  if (prebuiltSignature(bankDir, bank.files) !== signature) return false;
  writeCacheFile(stampPath(bankDir), prebuiltStamp(bank.signature, signature));
  return true;
}

/**
 * The prebuilt cache, when `bank` (the files as found now) matches it, or without looking at the files when
 * `bank` is 'installed' (see installedPackage).
 */
export function readPrebuiltBank(bankDir: string, bank: BankFiles | 'installed', detail: 'full'): (CheckedBank & { lexedRanges?: QuestionRanges }) | undefined;
export function readPrebuiltBank(bankDir: string, bank: BankFiles | 'installed', detail: 'summary'): SummaryWithRanges | undefined;
export function readPrebuiltBank(bankDir: string, bank: BankFiles | 'installed', detail: Detail): SummaryWithRanges | undefined {
  try {
    const text = readFileSync(prebuiltBankPath(bankDir, detail), 'latin1');
    const cached = JSON.parse(text) as SummaryFile;
    if (typeof cached.signature !== 'string' || !Array.isArray(cached.bank?.questions)) return undefined;
    if (bank === 'installed' ? !cached.signature.startsWith(`${buildId()}\n`) : !matchesPrebuilt(bankDir, bank, cached.signature)) return undefined;
    if (detail === 'summary') return bankOf(cached);
    const lexedRanges = validRanges(cached.lexed);
    return lexedRanges ? { ...cached.bank, lexedRanges } : cached.bank;
  } catch {
    return undefined;
  }
}

/**
 * The files of a prebuilt cache, as ASCII JSON: the full bank, its summary and, when a lexer is given, each
 * question's Markdown lexed (`lexed`, laid out as the full file is, in the same order).
 */
export function prebuiltBankFiles(
  bankDir: string,
  files: readonly string[],
  bank: CheckedBank,
  lexMarkdown?: (question: Question) => LexedQuestion,
): Record<Detail, string> & { lexed?: string; signature: string } {
  const signature = prebuiltSignature(bankDir, files);
  if (!lexMarkdown) {
    const { text, full } = fullCacheText(signature, bank, newNonce());
    return { full: text, summary: summaryText(signature, bank, full), signature };
  }
  const lexed = fullCacheText(signature, { questions: bank.questions.map(lexMarkdown) }, newNonce());
  const { text, full } = fullCacheText(signature, bank, newNonce(), lexed.full);
  return { full: text, summary: summaryText(signature, bank, full, lexed.full), lexed: lexed.text, signature };
}

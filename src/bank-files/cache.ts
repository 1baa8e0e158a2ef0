// A per-bank cache of checked questions, so commands that only read a bank (list, quiz, show) skip parsing it
// when nothing changed. It lives in the user's cache folder and is keyed by every file's path, size and
// modification time plus the build of mle-prep that wrote it; anything unexpected simply means a fresh parse.
// Beside the full cache sits a summary of the same bank without any question text, for the commands that only
// count and filter (list, stats): a few percent of the size, so they start faster.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import envPaths from 'env-paths';
import type { Question, QuestionSummary, Topic } from '../bank/types.js';

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
}

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
  const parts = [typeof MLE_PREP_BUILD_ID === 'string' ? MLE_PREP_BUILD_ID : 'source'];
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

export function readCachedBank(bankDir: string, signature: string, detail: 'full'): CheckedBank | undefined;
export function readCachedBank(bankDir: string, signature: string, detail: 'summary'): CheckedBank<QuestionSummary> | undefined;
export function readCachedBank(bankDir: string, signature: string, detail: Detail): CheckedBank<QuestionSummary> | undefined {
  try {
    // Written as pure ASCII (below), so latin1 reads it exactly, and faster than UTF-8 decoding would.
    const cached = JSON.parse(readFileSync(cachePath(bankDir, detail), 'latin1')) as CacheFile;
    return cached.signature === signature && Array.isArray(cached.bank?.questions) ? cached.bank : undefined;
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
function writeCacheFile(bankDir: string, detail: Detail, file: CacheFile): void {
  try {
    const path = cachePath(bankDir, detail);
    mkdirSync(cacheDirectory(), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, asciiJson(file));
    renameSync(temp, path);
  } catch {
    // read-only or full disk: parse again next time
  }
}

/** Writes the full cache and its summary. */
export function writeCachedBank(bankDir: string, signature: string, bank: CheckedBank): void {
  writeCacheFile(bankDir, 'full', { signature, bank });
  writeCachedSummary(bankDir, signature, summarize(bank));
}

export function writeCachedSummary(bankDir: string, signature: string, summary: CheckedBank<QuestionSummary>): void {
  writeCacheFile(bankDir, 'summary', { signature, bank: summary });
}

/**
 * The bundled bank checked when the package is built, so the first run after installing is as fast as the second.
 * Installing changes every file's path, inode, ctime and mtime, so this one is keyed by the build and each file's
 * path inside the bank and content (a hash of 2-3 MB, a few milliseconds): an edit after the build falls back to
 * the user's cache.
 */
export function prebuiltBankPath(bankDir: string, detail: Detail): string {
  return join(dirname(bankDir), 'dist', `bundled-bank${detail === 'summary' ? '.summary' : ''}.json`);
}

/** The key of a prebuilt cache. */
export function prebuiltSignature(bankDir: string, files: readonly string[]): string {
  const hash = createHash('sha1');
  const names: string[] = [];
  for (const file of [...files].sort()) {
    names.push(relative(bankDir, file).split('\\').join('/'));
    hash.update(readFileSync(file));
  }
  return [typeof MLE_PREP_BUILD_ID === 'string' ? MLE_PREP_BUILD_ID : 'source', hash.digest('hex'), ...names].join('\n');
}

export function readPrebuiltBank(bankDir: string, files: readonly string[], detail: 'full'): CheckedBank | undefined;
export function readPrebuiltBank(bankDir: string, files: readonly string[], detail: 'summary'): CheckedBank<QuestionSummary> | undefined;
export function readPrebuiltBank(bankDir: string, files: readonly string[], detail: Detail): CheckedBank<QuestionSummary> | undefined {
  try {
    const text = readFileSync(prebuiltBankPath(bankDir, detail), 'latin1');
    const cached = JSON.parse(text) as CacheFile;
    return cached.signature === prebuiltSignature(bankDir, files) && Array.isArray(cached.bank?.questions) ? cached.bank : undefined;
  } catch {
    return undefined;
  }
}

/** The files of a prebuilt cache: the full bank and its summary, as ASCII JSON. */
export function prebuiltBankFiles(bankDir: string, files: readonly string[], bank: CheckedBank): Record<Detail, string> {
  const signature = prebuiltSignature(bankDir, files);
  return { full: asciiJson({ signature, bank }), summary: asciiJson({ signature, bank: summarize(bank) }) };
}

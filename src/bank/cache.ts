// A per-bank cache of checked questions, so commands that only read a bank (list, quiz, show) skip parsing it
// when nothing changed. It lives in the user's cache folder and is keyed by every file's path, size and
// modification time plus the build of mle-prep that wrote it; anything unexpected simply means a fresh parse.
import { mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import envPaths from 'env-paths';
import type { Question, Topic } from './types.js';

declare const MLE_PREP_BUILD_ID: string;

export interface CheckedBank {
  questions: Question[];
  topics: Topic[];
  /** Question entries found, valid or not. */
  questionCount: number;
  errorCount: number;
  /** Files holding at least one error. */
  errorFiles: number;
}

interface CacheFile {
  signature: string;
  bank: CheckedBank;
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

function cachePath(bankDir: string): string {
  return join(cacheDirectory(), `bank-${shortName(realpathSync(bankDir))}.json`);
}

export function readCachedBank(bankDir: string, signature: string): CheckedBank | undefined {
  try {
    const cached = JSON.parse(readFileSync(cachePath(bankDir), 'utf8')) as CacheFile;
    return cached.signature === signature && Array.isArray(cached.bank?.questions) ? cached.bank : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a cache that cannot be written only costs speed. */
export function writeCachedBank(bankDir: string, signature: string, bank: CheckedBank): void {
  try {
    const path = cachePath(bankDir);
    mkdirSync(cacheDirectory(), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ signature, bank } satisfies CacheFile));
    renameSync(temp, path);
  } catch {
    // read-only or full disk: parse again next time
  }
}

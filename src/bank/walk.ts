// Finds the question files under the paths a user gives, honouring .mle-prepignore and --ignore, and reporting
// (not crashing on) symlink loops and unreadable entries.
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from '../errors.js';
import { finding, TOPICS_FILE_NAMES, type Finding } from './types.js';

export const IGNORE_FILE = '.mle-prepignore';
const QUESTION_FILE = /\.(md|ya?ml)$/i;
const SKIPPED_DIRS = new Set(['node_modules']);

export interface FoundFiles {
  questionFiles: string[];
  topicsFiles: string[];
  findings: Finding[];
}

const errnoMessage = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'it does not exist (a broken symlink?)';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return (error as Error).message;
};

export function unreadable(file: string, error: unknown): Finding {
  return finding(file, { line: 1, column: 1 }, 'file-unreadable', `cannot read this file: ${errnoMessage(error)}`);
}

function readIgnoreFile(dir: string): string[] {
  try {
    return readFileSync(join(dir, IGNORE_FILE), 'utf8').split(/\r?\n/);
  } catch {
    return [];
  }
}

/** Collects question and topics files; throws a UsageError for a path that does not exist. */
export function findQuestionFiles(paths: readonly string[], ignorePatterns: readonly string[] = []): FoundFiles {
  const found: FoundFiles = { questionFiles: [], topicsFiles: [], findings: [] };
  const seenFiles = new Set<string>();
  const add = (file: string) => {
    if (seenFiles.has(file)) return;
    seenFiles.add(file);
    (TOPICS_FILE_NAMES.includes(basename(file).toLowerCase()) ? found.topicsFiles : found.questionFiles).push(file);
  };

  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`no such file or folder: ${path}`);
      found.findings.push(unreadable(path, error));
      continue;
    }
    if (!stats.isDirectory()) {
      add(path);
      continue;
    }
    const rules = ignore().add(readIgnoreFile(path)).add([...ignorePatterns]);
    walkDirectory(path, path, rules, new Set([realpathSync(path)]), add, found.findings);
  }
  return found;
}

function walkDirectory(root: string, dir: string, rules: Ignore, ancestors: Set<string>, add: (file: string) => void, findings: Finding[]) {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    findings.push(unreadable(dir, error));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
    const full = join(dir, entry.name);
    const rel = relative(root, full).split(sep).join('/');
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        isDir = statSync(full).isDirectory();
      } catch (error) {
        if (QUESTION_FILE.test(entry.name)) findings.push(unreadable(full, error));
        continue;
      }
    }
    if (isDir) {
      if (rules.ignores(`${rel}/`)) continue;
      let real: string;
      try {
        real = realpathSync(full);
      } catch (error) {
        findings.push(unreadable(full, error));
        continue;
      }
      if (ancestors.has(real)) {
        findings.push(finding(full, { line: 1, column: 1 }, 'symlink-loop', 'symbolic link points back to a folder that contains it; skipped', 'warning'));
        continue;
      }
      ancestors.add(real);
      walkDirectory(root, full, rules, ancestors, add, findings);
      ancestors.delete(real);
    } else if (QUESTION_FILE.test(entry.name) && !rules.ignores(rel)) {
      add(full);
    }
  }
}

// Finds the question files under the paths a user gives, honouring .mle-prepignore and --ignore, and reporting
// (not crashing on) symlink loops and unreadable entries. A symbolic link is followed only while it stays inside
// the folder being walked: a link to / or to a sibling folder would walk what the user never asked for.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from '../errors.js';
import { finding, TOPICS_FILE_NAMES, type Finding } from '../bank/types.js';

export const IGNORE_FILE = '.mle-prepignore';
const QUESTION_FILE = /\.(md|ya?ml)$/i;
const SKIPPED_DIRS = new Set(['node_modules']);

export interface FoundFiles {
  questionFiles: string[];
  topicsFiles: string[];
  findings: Finding[];
  /** Files named on the command line that an ignore rule skipped (validate only). */
  ignoredNamed: string[];
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

/** A path as the `ignore` package takes it (relative, forward slashes), or undefined when it lies outside `from`. */
function relativeTo(from: string, path: string): string | undefined {
  const rel = relative(from, path);
  return rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : rel.split(sep).join('/');
}

/**
 * For validate: whether a file named on the command line is ignored, by the nearest .mle-prepignore in its folder or
 * above (matched from that file's folder), or by an --ignore pattern matched from the current folder. Lookups are
 * cached per folder, so naming thousands of files costs one read per folder.
 */
function namedFileFilter(ignorePatterns: readonly string[]): (path: string) => boolean {
  const fromCwd = ignorePatterns.length ? ignore().add([...ignorePatterns]) : undefined;
  const nearest = new Map<string, { dir: string; rules: Ignore } | null>();
  const rulesFor = (dir: string): { dir: string; rules: Ignore } | null => {
    const known = nearest.get(dir);
    if (known !== undefined) return known;
    const lines = readIgnoreFile(dir);
    const found = lines.length ? { dir, rules: ignore().add(lines) } : dirname(dir) === dir ? null : rulesFor(dirname(dir));
    nearest.set(dir, found);
    return found;
  };
  return (path) => {
    const file = resolve(path);
    const rel = relativeTo(process.cwd(), file);
    if (fromCwd && rel !== undefined && fromCwd.ignores(rel)) return true;
    const near = rulesFor(dirname(file));
    const relNear = near ? relativeTo(near.dir, file) : undefined;
    return near !== null && relNear !== undefined && near.rules.ignores(relNear);
  };
}

/** Collects question and topics files; throws a UsageError for a path that does not exist. */
export function findQuestionFiles(paths: readonly string[], ignorePatterns: readonly string[] = [], options: { ignoreNamedFiles?: boolean } = {}): FoundFiles {
  const found: FoundFiles = { questionFiles: [], topicsFiles: [], findings: [], ignoredNamed: [] };
  const ignoredName = options.ignoreNamedFiles ? namedFileFilter(ignorePatterns) : () => false;
  // Keyed by real path, so a file reached twice (through a symlinked folder, or named twice) is checked once.
  const seenFiles = new Set<string>();
  const walked = new Set<string>();
  const add = (file: string, real: string, name = basename(file)) => {
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    (TOPICS_FILE_NAMES.includes(name.toLowerCase()) ? found.topicsFiles : found.questionFiles).push(file);
  };

  for (const path of paths) {
    let stats: ReturnType<typeof statSync>;
    let real: string;
    try {
      stats = statSync(path);
      real = realpathSync.native(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`no such file or folder: ${path}`);
      found.findings.push(unreadable(path, error));
      continue;
    }
    if (!stats.isDirectory()) {
      if (ignoredName(path)) found.ignoredNamed.push(path);
      else add(path, real);
      continue;
    }
    if (walked.has(real)) continue;
    walked.add(real);
    const ruleLines = [...readIgnoreFile(path), ...ignorePatterns];
    // Most banks have no ignore rules: then no path needs matching.
    const rules = ruleLines.some((line) => line.trim() !== '') ? ignore().add(ruleLines) : undefined;
    walkDirectory(path, path, '', real, rules, new Set([real]), walked, add, found.findings, real);
  }
  return found;
}

const loopFinding = (link: string) =>
  finding(link, { line: 1, column: 1 }, 'symlink-loop', 'symbolic link points back to a folder that contains it; skipped', 'warning');

/** `rel` is `dir` relative to `root` with forward slashes, as `ignore` matches it ('' for the root itself). */
function walkDirectory(
  root: string,
  dir: string,
  rel: string,
  realDir: string,
  rules: Ignore | undefined,
  ancestors: Set<string>,
  walked: Set<string>,
  add: (file: string, real: string, name: string) => void,
  findings: Finding[],
  realRoot: string,
) {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    findings.push(unreadable(dir, error));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // join(dir, name) for every entry, with the path normalised once per folder instead of once per entry.
  const prefix = join(dir, '_').slice(0, -1);
  const realPrefix = realDir.endsWith(sep) ? realDir : realDir + sep;
  for (const entry of entries) {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
    const full = prefix + entry.name;
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    let isDir = entry.isDirectory();
    // Only a symlink needs its real path resolved; anything else is its real folder (absolute, normalised) plus
    // its name.
    let real = realPrefix + entry.name;
    if (entry.isSymbolicLink()) {
      try {
        isDir = statSync(full).isDirectory();
        real = realpathSync.native(full);
      } catch (error) {
        if (QUESTION_FILE.test(entry.name)) findings.push(unreadable(full, error));
        continue;
      }
      // A link to a folder that holds the root (.. or /) is a loop, whatever lies between.
      const holdsRoot = isDir && (real === realRoot || relativeTo(real, realRoot) !== undefined);
      if (!holdsRoot && relativeTo(realRoot, real) === undefined && (isDir || QUESTION_FILE.test(entry.name))) {
        findings.push(finding(full, { line: 1, column: 1 }, 'symlink-outside', `symbolic link leads outside ${root} (to ${real}); not followed`, 'warning'));
        continue;
      }
      if (holdsRoot) {
        findings.push(loopFinding(full));
        continue;
      }
    }
    if (isDir) {
      if (rules?.ignores(`${relPath}/`)) continue;
      if (ancestors.has(real)) {
        findings.push(loopFinding(full));
        continue;
      }
      // A folder reached a second time through another link was checked already.
      if (walked.has(real)) continue;
      walked.add(real);
      ancestors.add(real);
      walkDirectory(root, full, relPath, real, rules, ancestors, walked, add, findings, realRoot);
      ancestors.delete(real);
    } else if (QUESTION_FILE.test(entry.name) && !rules?.ignores(relPath)) {
      add(full, real, entry.name);
    }
  }
}

/** The topics.yaml that applies to a path: in its folder or the nearest one above. */
export function nearestTopicsFile(path: string): string | undefined {
  let dir = resolve(path);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    for (const name of TOPICS_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

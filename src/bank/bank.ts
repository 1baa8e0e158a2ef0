// Reads every question and topics file under some paths and checks them together: per-question rules, then the
// rules that need the whole set (unique ids, known topics). The quiz and `validate` share this one path.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundledBankDir } from './bundled.js';
import { checkQuestion, type CheckedQuestion } from './check.js';
import { finding, parseQuestionFile } from './parse.js';
import { parseTopicsFile, unknownTopicMessage } from './topics.js';
import { questionDocument, suggestKeyPoints, termWeights } from '../grading/suggest.js';
import { type Finding, type Question, type Topic } from './types.js';
import { findQuestionFiles, nearestTopicsFile, unreadable } from './walk.js';

export interface BankCheck {
  /** Questions free of errors, in file order. */
  questions: Question[];
  topics: Topic[];
  findings: Finding[];
  fileCount: number;
  /** Every question entry found, valid or not. */
  questionCount: number;
  /** Files named in the paths that an ignore rule skipped (with ignoreNamedFiles). */
  ignoredNamed: string[];
}

export interface BankOptions {
  ignore?: readonly string[];
  /** Skip files named in `paths` that an ignore rule matches, as linters do (validate; loaders read what they are given). */
  ignoreNamedFiles?: boolean;
  /** Also accept the bundled bank's topics (true unless the bundled bank is deliberately left out). */
  bundledTopics?: boolean;
  /** Warn about key points their own model answer does not support (validate asks for it; loading a bank does not). */
  rubrics?: boolean;
}

/** Far above any real question file (a long case study is about 10 KB); reading stops short of a runaway file. */
export const MAX_FILE_BYTES = 1024 * 1024;

function readBytes(file: string, findings: Finding[]): Uint8Array | undefined {
  let fd: number | undefined;
  try {
    // A FIFO would block and /dev/zero never ends: only regular files of sane size are read. Opened without
    // blocking and checked through the descriptor: open, fstat, read, close, as readFileSync itself does.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      findings.push(finding(file, { line: 1, column: 1 }, 'file-unreadable', 'not a regular file (a device, pipe or socket); skipped'));
      return undefined;
    }
    if (stats.size > MAX_FILE_BYTES) {
      findings.push(finding(file, { line: 1, column: 1 }, 'file-unreadable', `${(stats.size / 1024 / 1024).toFixed(1)} MB is too large for a question file (the limit is 1 MB); skipped`));
      return undefined;
    }
    const buffer = Buffer.allocUnsafe(stats.size);
    let filled = 0;
    while (filled < stats.size) {
      const n = readSync(fd, buffer, filled, stats.size - filled, null);
      if (n === 0) break;
      filled += n;
    }
    return buffer.subarray(0, filled);
  } catch (error) {
    findings.push(unreadable(file, error));
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function checkBank(paths: readonly string[], options: BankOptions = {}): BankCheck {
  const found = findQuestionFiles(paths, options.ignore, { ignoreNamedFiles: options.ignoreNamedFiles ?? false });
  const findings: Finding[] = [...found.findings];

  const topicsFiles = new Set(found.topicsFiles.map((f) => resolve(f)));
  for (const path of paths) {
    const nearest = nearestTopicsFile(path);
    if (nearest) topicsFiles.add(resolve(nearest));
  }
  if (options.bundledTopics !== false) topicsFiles.add(resolve(bundledBankDir(), 'topics.yaml'));
  const topics = new Map<string, Topic>();
  const reportedTopicFiles = new Set(found.topicsFiles.map((f) => resolve(f)));
  for (const file of topicsFiles) {
    const bytes = readBytes(file, findings);
    if (!bytes) continue;
    const parsed = parseTopicsFile(file, bytes);
    // Only topics files inside the checked paths are reported; an ancestor's problems belong to another run.
    if (reportedTopicFiles.has(file)) {
      const display = found.topicsFiles.find((f) => resolve(f) === file) ?? file;
      findings.push(...parsed.findings.map((f) => ({ ...f, file: display })));
    }
    for (const topic of parsed.topics) if (!topics.has(topic.id)) topics.set(topic.id, topic);
  }

  const checked: CheckedQuestion[] = [];
  let questionCount = 0;
  for (const file of found.questionFiles) {
    const bytes = readBytes(file, findings);
    if (!bytes) continue;
    const parsed = parseQuestionFile(file, bytes);
    findings.push(...parsed.findings);
    for (const raw of parsed.questions) {
      questionCount++;
      const result = checkQuestion(file, raw);
      findings.push(...result.findings);
      checked.push(result);
    }
  }

  const knownTopics = [...topics.keys()];
  const firstById = new Map<string, { file: string; line: number; column: number }>();
  const rejected = new Set<CheckedQuestion>();
  checked.forEach((result) => {
    if (result.topic && !topics.has(result.topic.value)) {
      findings.push(finding(result.file, result.topic, 'topic-unknown', unknownTopicMessage(result.topic.value, knownTopics)));
      rejected.add(result);
    }
  });
  for (const result of checked) {
    if (!result.id) continue;
    const { file } = result;
    const first = firstById.get(result.id.value);
    if (first) {
      findings.push(finding(first.file, first, 'duplicate-id', `id "${result.id.value}" is also used at ${file}:${result.id.line}:${result.id.column}`));
      findings.push(finding(file, result.id, 'duplicate-id', `id "${result.id.value}" is already used at ${first.file}:${first.line}:${first.column}`));
      rejected.add(result);
    } else {
      firstById.set(result.id.value, { file, line: result.id.line, column: result.id.column });
    }
  }

  const valid = checked.filter((r) => r.question && !rejected.has(r));
  if (options.rubrics) findings.push(...unsupportedKeyPoints(valid));
  return {
    questions: valid.map((r) => r.question!),
    topics: [...topics.values()],
    findings: sortFindings(findings),
    fileCount: found.questionFiles.length,
    questionCount,
    ignoredNamed: found.ignoredNamed,
  };
}

/**
 * Key points of open questions that their own model answer gives no support for, as the suggestions that grade a
 * user's answer would see it: such a point could never be suggested, however good the answer.
 */
function unsupportedKeyPoints(checked: readonly CheckedQuestion[]): Finding[] {
  const open = checked.filter((r) => r.question!.type === 'open');
  if (open.length === 0) return [];
  const weights = termWeights(checked.map((r) => questionDocument(r.question!)));
  const out: Finding[] = [];
  for (const r of open) {
    const q = r.question!;
    for (const s of suggestKeyPoints(q, q.answer, weights)) {
      if (s.covered) continue;
      const at = r.keyPointPositions?.[s.index] ?? { line: q.source.line, column: q.source.column };
      out.push(
        finding(
          r.file,
          at,
          'key-point-unsupported',
          `key_points[${s.index}] is not supported by the model answer (its words barely appear there); use the answer's terms or add aliases`,
          'warning',
        ),
      );
    }
  }
  return out;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

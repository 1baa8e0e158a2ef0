// Reads every question and topics file under some paths and checks them together: per-question rules, then the
// rules that need the whole set (unique ids, known topics). The quiz and `validate` share this one path.
import { closeSync, constants, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bundledBankDir } from './bundled.js';
import { checkQuestion } from '../bank/check.js';
import { finding, parseQuestionFile } from '../bank/parse.js';
import { parseTopicsFile, unknownTopicMessage } from '../bank/topics.js';
import { coverageEvidence, coveredKeyPoints, DocumentFrequencies, questionDocument, type CoverageEvidence } from '../grading/suggest.js';
import type { Finding, Question, Topic } from '../bank/types.js';
import { findQuestionFiles, nearestTopicsFile, unreadable, type FoundFiles } from './walk.js';

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

/** What one pass over some question files found: findings and, per question entry, what the whole-bank checks need. */
export interface FilesCheck {
  findings: Finding[];
  entries: CheckedEntry[];
  questionCount: number;
  /** Document frequencies of the valid questions' terms (with rubrics). */
  frequencies?: { df: Map<string, number>; count: number };
}

/**
 * One question entry as the whole-bank checks see it. `question` is kept only when the caller wants the questions
 * (loading a bank); validate keeps positions and, for open questions, the compact evidence of the rubric check.
 */
export interface CheckedEntry {
  file: string;
  /** Position of the entry among its file's entries. */
  index: number;
  valid: boolean;
  question?: Question;
  id?: { value: string; line: number; column: number };
  topic?: { value: string; line: number; column: number };
  /** For an open question, its `Rubric` as JSON: one flat string costs a fraction of the objects, at 50,000 files. */
  rubric?: string;
}

interface Rubric {
  evidence: CoverageEvidence;
  source: { line: number; column: number };
  keyPointPositions?: Array<{ line: number; column: number }>;
}

export interface FilesCheckOptions {
  keepQuestions: boolean;
  rubrics: boolean;
}

/**
 * A copy of a string that does not keep alive the text it was cut from: V8 keeps a substring (an id, or a message
 * built around one) as a view into the whole file's source.
 */
const detached = (text: string) => (` ${text}`).slice(1);

const detachedFinding = (f: Finding): Finding => ({ ...f, message: detached(f.message) });

/** Reads, parses and checks each file on its own: the part of a bank check that can run on several threads. */
export function checkFiles(files: readonly string[], options: FilesCheckOptions): FilesCheck {
  const findings: Finding[] = [];
  const entries: CheckedEntry[] = [];
  const frequencies = options.rubrics ? new DocumentFrequencies() : undefined;
  let questionCount = 0;
  for (const file of files) {
    const bytes = readBytes(file, findings);
    if (!bytes) continue;
    const parsed = parseQuestionFile(file, bytes);
    // Without the questions, nothing kept may point into the file's text, so that it can be freed.
    const keep = options.keepQuestions ? (f: Finding) => f : detachedFinding;
    findings.push(...parsed.findings.map(keep));
    parsed.questions.forEach((raw, index) => {
      questionCount++;
      const result = checkQuestion(file, raw);
      findings.push(...result.findings.map(keep));
      const q = result.question;
      const entry: CheckedEntry = { file, index, valid: q !== undefined };
      if (result.id) entry.id = { ...result.id, value: detached(result.id.value) };
      if (result.topic) entry.topic = { ...result.topic, value: detached(result.topic.value) };
      if (q && options.keepQuestions) entry.question = q;
      if (q && frequencies) {
        frequencies.add(questionDocument(q));
        if (q.type === 'open') {
          const rubric: Rubric = {
            evidence: coverageEvidence(q, q.answer),
            source: { line: q.source.line, column: q.source.column },
            ...(result.keyPointPositions ? { keyPointPositions: result.keyPointPositions } : {}),
          };
          entry.rubric = JSON.stringify(rubric);
        }
      }
      entries.push(entry);
    });
  }
  return { findings, entries, questionCount, ...(frequencies ? { frequencies: { df: frequencies.df, count: frequencies.count } } : {}) };
}

interface PreparedBank {
  found: FoundFiles;
  findings: Finding[];
  topics: Map<string, Topic>;
}

/** Finds the files and reads the topics that apply to them. */
function prepareBank(paths: readonly string[], options: BankOptions): PreparedBank {
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
  return { found, findings, topics };
}

export function checkBank(paths: readonly string[], options: BankOptions = {}): BankCheck {
  const prepared = prepareBank(paths, options);
  const parts = [checkFiles(prepared.found.questionFiles, { keepQuestions: true, rubrics: options.rubrics ?? false })];
  return finishBank(prepared, parts, options);
}

/** Below this many files, starting worker threads costs more than it saves. */
export const PARALLEL_FROM_FILES = 2000;

/**
 * The check `validate` runs: the same findings and counts as checkBank, without keeping the questions, and on
 * several threads when the bank is large and the machine has cores to spare.
 */
export async function validateBank(paths: readonly string[], options: BankOptions & { threads?: number } = {}): Promise<Omit<BankCheck, 'questions'>> {
  const prepared = prepareBank(paths, options);
  const files = prepared.found.questionFiles;
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.floor(files.length / (PARALLEL_FROM_FILES / 2))));
  const workerFile = fileURLToPath(new URL('../bank-files/check-worker.js', import.meta.url));
  const filesOptions: FilesCheckOptions = { keepQuestions: false, rubrics: options.rubrics ?? false };
  let parts: FilesCheck[];
  if (threads < 2 || !existsSync(workerFile)) {
    parts = [checkFiles(files, filesOptions)];
  } else {
    // Contiguous slices, so findings come back in file order; this thread checks the first while workers do the rest.
    const size = Math.ceil(files.length / threads);
    const slices = Array.from({ length: threads }, (_, i) => files.slice(i * size, (i + 1) * size));
    // A thread that fails (out of memory on a huge bank, say) leaves its slice to this one.
    const workers = slices.slice(1).map((slice) => runWorker(workerFile, slice, filesOptions).catch(() => checkFiles(slice, filesOptions)));
    const first = checkFiles(slices[0]!, filesOptions);
    parts = [first, ...(await Promise.all(workers))];
  }
  const { questions: _questions, ...rest } = finishBank(prepared, parts, options);
  return rest;
}

const WORKER_HEAP_MB = 192;

function runWorker(file: string, files: string[], options: FilesCheckOptions): Promise<FilesCheck> {
  return new Promise((resolvePart, reject) => {
    // A small heap makes the thread collect as it goes: it keeps little, and the files it reads are garbage at once.
    const worker = new Worker(file, { workerData: { files, options }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    worker.once('message', (part: FilesCheck) => {
      resolvePart(part);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a validation thread stopped with code ${code}`));
    });
  });
}

/** The checks that need every file: unknown topics, duplicate ids, and key points their model answer does not support. */
function finishBank(prepared: PreparedBank, parts: readonly FilesCheck[], options: BankOptions): BankCheck {
  const { found, findings, topics } = prepared;
  const entries: CheckedEntry[] = [];
  let questionCount = 0;
  for (const part of parts) {
    findings.push(...part.findings);
    for (const entry of part.entries) entries.push(entry);
    questionCount += part.questionCount;
  }

  const knownTopics = [...topics.keys()];
  const firstById = new Map<string, { file: string; line: number; column: number }>();
  const rejected = new Set<CheckedEntry>();
  entries.forEach((result) => {
    if (result.topic && !topics.has(result.topic.value)) {
      findings.push(finding(result.file, result.topic, 'topic-unknown', unknownTopicMessage(result.topic.value, knownTopics)));
      rejected.add(result);
    }
  });
  for (const result of entries) {
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

  const valid = entries.filter((r) => r.valid && !rejected.has(r));
  if (options.rubrics) findings.push(...unsupportedKeyPoints(valid, [...rejected].filter((r) => r.valid), parts));
  return {
    questions: valid.flatMap((r) => (r.question ? [r.question] : [])),
    topics: [...topics.values()],
    findings: sortFindings(findings),
    fileCount: found.questionFiles.length,
    questionCount,
    ignoredNamed: found.ignoredNamed,
  };
}

/**
 * Key points of open questions that their own model answer gives no support for, as the suggestions that grade a
 * user's answer would see it: such a point could never be suggested, however good the answer. The term weights are
 * over the valid questions: the files' counts, less the questions a whole-bank check rejected (read again, as few).
 */
function unsupportedKeyPoints(valid: readonly CheckedEntry[], rejected: readonly CheckedEntry[], parts: readonly FilesCheck[]): Finding[] {
  const open = valid.filter((r) => r.rubric);
  if (open.length === 0) return [];
  const frequencies = new DocumentFrequencies();
  for (const part of parts) if (part.frequencies) frequencies.merge(part.frequencies);
  const reread = new Map<string, CheckedEntry[]>();
  for (const r of rejected) {
    let entries = reread.get(r.file);
    if (!r.question && !entries) reread.set(r.file, (entries = checkFiles([r.file], { keepQuestions: true, rubrics: false }).entries));
    const question = r.question ?? entries?.[r.index]?.question;
    if (question) frequencies.add(questionDocument(question), -1);
  }
  const weights = frequencies.weights();
  const out: Finding[] = [];
  for (const r of open) {
    const { evidence, source, keyPointPositions } = JSON.parse(r.rubric!) as Rubric;
    coveredKeyPoints(evidence, weights).forEach((covered, index) => {
      if (covered) return;
      const at = keyPointPositions?.[index] ?? source;
      out.push(
        finding(
          r.file,
          at,
          'key-point-unsupported',
          `key_points[${index}] is not supported by the model answer (its words barely appear there); use the answer's terms or add aliases`,
          'warning',
        ),
      );
    });
  }
  return out;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

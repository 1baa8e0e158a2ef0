// Reads every question and topics file under some paths and checks them together: per-question rules, then the
// rules that need the whole set (unique ids, known topics). The quiz and `validate` share this one path.
import { closeSync, constants, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bundledBankDir } from './bundled.js';
import { checkQuestion } from '../bank/check.js';
import { finding, parseQuestionFile, type FieldPath, type Position, type RawQuestion } from '../bank/parse.js';
import { parseTopicsFile, unknownTopicMessage } from '../bank/topics.js';
import { documentTerms, questionEvidence, TUNING, type CoverageEvidence } from '../grading/suggest.js';
import { termsNumbered, termText } from '../grading/text.js';
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
      findings.push(
        finding(
          file,
          { line: 1, column: 1 },
          'file-unreadable',
          `${(stats.size / 1024 / 1024).toFixed(1)} MB is too large for a question file (the limit is 1 MB); skipped`,
        ),
      );
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
  /**
   * With rubrics, terms are numbers: each checker numbers the terms it meets in turn, and each check lists the
   * terms it numbered first, so whoever gathers the checks of one checker in order can map its numbers to theirs.
   */
  newTerms?: string[];
  /** With rubrics: how many valid questions the term counts cover. */
  documents?: number;
  /** With rubrics: pairs of term number and the count of valid questions whose document has that term. */
  frequencies?: Int32Array;
  /** With rubrics: the open questions' rubric records (see `encodeRubric`), `CheckedEntry.rubric` their offsets. */
  rubrics?: Int32Array;
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
  /** Positions are left out for files read without them (RawQuestion.locatesByParsing): see `Relocator`. */
  id?: { value: string; line?: number; column?: number };
  topic?: { value: string; line?: number; column?: number };
  /** For an open question, where its rubric record starts in its check's `rubrics`. */
  rubric?: number;
}

export interface FilesCheckOptions {
  keepQuestions: boolean;
  rubrics: boolean;
}

/**
 * A copy of a string that does not keep alive the text it was cut from: V8 keeps a substring (an id, or a message
 * built around one) as a view into the whole file's source.
 */
const detached = (text: string) => ` ${text}`.slice(1);

const detachedFinding = (f: Finding): Finding => ({ ...f, message: detached(f.message) });

/** A growable list of 32-bit integers. */
export class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  /** The values so far, in a buffer of their own (one that can be moved to another thread). */
  take(): Int32Array {
    const out = this.data.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

/** Above this many terms, a phrasing's hits are written as lists of positions instead of bit masks. */
const MASK_TERMS = 30;

/**
 * A rubric record: the question's position, its key points' positions, and its coverage evidence with terms as
 * numbers: [line, column, positions, (line, column) x positions, prompt terms, term..., key points, then per key
 * point: phrasings, then per phrasing: terms, term..., hits, hit...], a hit being a bit mask of the phrasing's
 * terms, or (above MASK_TERMS terms) a count and the positions.
 */
export function encodeRubric(
  out: IntList,
  evidence: CoverageEvidence<number>,
  source: { line: number; column: number },
  positions: ReadonlyArray<{ line: number; column: number }> | undefined,
): void {
  out.push(source.line);
  out.push(source.column);
  out.push(positions?.length ?? 0);
  for (const p of positions ?? []) {
    out.push(p.line);
    out.push(p.column);
  }
  out.push(evidence.promptTerms.length);
  for (const t of evidence.promptTerms) out.push(t);
  out.push(evidence.phrasings.length);
  for (const phrasings of evidence.phrasings) {
    out.push(phrasings.length);
    for (const { terms, hits } of phrasings) {
      out.push(terms.length);
      for (const t of terms) out.push(t);
      out.push(hits.length);
      for (const hit of hits) {
        if (terms.length <= MASK_TERMS) {
          out.push(hit.reduce((mask, i) => mask | (1 << i), 0));
        } else {
          out.push(hit.length);
          for (const i of hit) out.push(i);
        }
      }
    }
  }
}

/**
 * The key points a rubric record does not cover under `weights` (by term id), with where the question and its key
 * points are. Exactly what coveredKeyPoints gives for the record's evidence, summed in the same order, but read
 * straight from the record: a large bank's check would otherwise build millions of small arrays at its end.
 */
export function uncoveredInRecord(
  data: Int32Array,
  offset: number,
  termIds: ArrayLike<number>,
  weights: Float64Array,
): { uncovered: number[]; source: Position; positionAt: (index: number) => Position | undefined } {
  let at = offset;
  const source = { line: data[at]!, column: data[at + 1]! };
  const positions = at + 3;
  const positionCount = data[at + 2]!;
  at = positions + 2 * positionCount;
  const promptStart = at + 1;
  const promptCount = data[at]!;
  at = promptStart + promptCount;
  const weigh = (raw: number) => {
    const id = termIds[raw]!;
    let prompt = false;
    for (let k = promptStart; k < promptStart + promptCount; k++) if (termIds[data[k]!] === id) prompt = true;
    return weights[id]! * (prompt ? TUNING.promptDiscount : 1);
  };
  const uncovered: number[] = [];
  const keyPoints = data[at++]!;
  for (let point = 0; point < keyPoints; point++) {
    let best = Number.NEGATIVE_INFINITY;
    const phrasings = data[at++]!;
    for (let p = 0; p < phrasings; p++) {
      const termStart = at + 1;
      const termCount = data[at]!;
      at = termStart + termCount;
      let total = 0;
      for (let k = 0; k < termCount; k++) total += weigh(data[termStart + k]!);
      let coverage = 0;
      const hits = data[at++]!;
      for (let h = 0; h < hits; h++) {
        let sum = 0;
        if (termCount > MASK_TERMS) {
          const count = data[at++]!;
          for (let k = 0; k < count; k++) sum += weigh(data[termStart + data[at++]!]!);
        } else {
          const mask = data[at++]!;
          for (let i = 0; i < termCount; i++) if (mask & (1 << i)) sum += weigh(data[termStart + i]!);
        }
        const c = sum / total;
        if (c > coverage + 1e-9) coverage = c;
      }
      best = Math.max(best, termCount === 0 ? 0 : coverage);
    }
    if (!(best >= TUNING.coveredAt)) uncovered.push(point);
  }
  const positionAt = (index: number) => (index < positionCount ? { line: data[positions + 2 * index]!, column: data[positions + 2 * index + 1]! } : undefined);
  return { uncovered, source, positionAt };
}

/**
 * Reads, parses and checks files on their own: the part of a bank check that can run on several threads. Terms are
 * numbered as this thread numbers them (`wordCode`); each check lists the terms numbered since the checker's
 * previous check, so whoever gathers one checker's checks in order can map the numbers to theirs.
 */
export class FilesChecker {
  private numbered = 0;

  constructor(private readonly options: FilesCheckOptions) {}

  check(files: readonly string[]): FilesCheck {
    const { options } = this;
    const findings: Finding[] = [];
    const entries: CheckedEntry[] = [];
    const frequencies = new Map<number, number>();
    const rubrics = new IntList();
    let documents = 0;
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
        const result = checkQuestion(file, raw, { keep: options.keepQuestions });
        findings.push(...result.findings.map(keep));
        const q = result.question;
        const entry: CheckedEntry = { file, index, valid: q !== undefined };
        if (result.id) entry.id = { ...result.id, value: detached(result.id.value) };
        if (result.topic) entry.topic = { ...result.topic, value: detached(result.topic.value) };
        if (q && options.keepQuestions) entry.question = q;
        if (q && options.rubrics) {
          // The question's text is read once, for its document's terms and (open questions) its evidence.
          let document: Set<number>;
          if (q.type === 'open') {
            document = new Set();
            entry.rubric = rubrics.length;
            encodeRubric(rubrics, questionEvidence(q, q.answer, undefined, document), q.source, result.keyPointPositions);
          } else {
            document = documentTerms(q);
          }
          documents++;
          for (const t of document) frequencies.set(t, (frequencies.get(t) ?? 0) + 1);
        }
        entries.push(entry);
      });
    }
    if (!options.rubrics) return { findings, entries, questionCount };
    const newTerms: string[] = [];
    for (const total = termsNumbered(); this.numbered < total; this.numbered++) newTerms.push(termText(this.numbered));
    const pairs = new Int32Array(frequencies.size * 2);
    let i = 0;
    for (const [id, n] of frequencies) {
      pairs[i++] = id;
      pairs[i++] = n;
    }
    return { findings, entries, questionCount, newTerms, documents, frequencies: pairs, rubrics: rubrics.take() };
  }
}

/** Reads, parses and checks each file on its own, with a checker of its own. */
export function checkFiles(files: readonly string[], options: FilesCheckOptions): FilesCheck {
  return new FilesChecker(options).check(files);
}

/**
 * The checks of one bank, gathered in file order, with every checker's term numbers mapped to one numbering and
 * the term counts added up.
 */
class GatheredChecks {
  readonly parts: Array<{ check: FilesCheck; termIds: number[] }> = [];
  readonly termIds = new Map<string, number>();
  readonly frequencies: number[] = [];
  documents = 0;

  /**
   * One check, at its place in file order. The checks of one checker come in the order it made them, with the
   * same `termIds`, which maps its numbers to these.
   */
  add(slot: number, check: FilesCheck, termIds: number[], files?: readonly string[]): void {
    if (files) this.share(check, files);
    for (const t of check.newTerms ?? []) termIds.push(this.globalId(t));
    const pairs = check.frequencies;
    if (pairs) {
      for (let i = 0; i < pairs.length; i += 2) {
        const id = termIds[pairs[i]!]!;
        this.frequencies[id] = (this.frequencies[id] ?? 0) + pairs[i + 1]!;
      }
      check.frequencies = undefined;
    }
    this.documents += check.documents ?? 0;
    check.newTerms = undefined;
    this.parts[slot] = { check, termIds };
  }

  private readonly topicNames = new Map<string, string>();

  /**
   * A check that came from another thread holds its own copy of every string: each entry's file becomes this
   * thread's string for it (the entries follow the batch's files in order), and each topic one string per topic.
   */
  private share(check: FilesCheck, files: readonly string[]): void {
    let at = 0;
    for (const entry of check.entries) {
      let j = at;
      while (j < files.length && files[j] !== entry.file) j++;
      if (j < files.length) {
        entry.file = files[j]!;
        at = j;
      }
      if (entry.topic) {
        const known = this.topicNames.get(entry.topic.value);
        if (known === undefined) this.topicNames.set(entry.topic.value, entry.topic.value);
        else entry.topic.value = known;
      }
    }
  }

  globalId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termIds.size;
      this.termIds.set(term, id);
    }
    return id;
  }
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
  const gathered = new GatheredChecks();
  gathered.add(0, checkFiles(prepared.found.questionFiles, { keepQuestions: true, rubrics: options.rubrics ?? false }), []);
  return finishBank(prepared, gathered, options);
}

/** Below this many files, starting worker threads costs more than it saves. */
export const PARALLEL_FROM_FILES = 2000;

/** Files per message to a validation thread: enough to make messages cheap, few enough to share the work evenly. */
const BATCH_FILES = 200;

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
  let gathered: GatheredChecks;
  if (threads < 2 || !existsSync(workerFile)) {
    gathered = new GatheredChecks();
    gathered.add(0, checkFiles(files, filesOptions), []);
  } else {
    gathered = await checkOnThreads(workerFile, files, threads, filesOptions);
  }
  const { questions: _questions, ...rest } = finishBank(prepared, gathered, options);
  return rest;
}

/** Small heaps make the threads collect as they go: they keep nothing between batches of files (their word codes aside). */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 };

/**
 * Checks the files on `threads` worker threads, a batch of files at a time: each thread is sent another batch as
 * it returns one, and sends back only what is reported and what the whole-bank checks need, so this thread keeps
 * no file's text. A thread that fails (out of memory on a huge bank, say) leaves its batches to this one. (This
 * thread checks nothing itself otherwise: its heap, unlike the workers', has no small limit, and the garbage of
 * checking would grow it by tens of megabytes on a large bank.)
 */
function checkOnThreads(workerFile: string, files: readonly string[], threads: number, options: FilesCheckOptions): Promise<GatheredChecks> {
  const gathered = new GatheredChecks();
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += BATCH_FILES) batches.push(files.slice(i, i + BATCH_FILES));
  let next = 0;
  let done = 0;
  let alive = threads;
  let here: { checker: FilesChecker; termIds: number[] } | undefined;
  return new Promise((resolveAll) => {
    const finished = () => {
      if (++done === batches.length) resolveAll(gathered);
    };
    const checkHere = (batch: number) => {
      here ??= { checker: new FilesChecker(options), termIds: [] };
      gathered.add(batch, here.checker.check(batches[batch]!), here.termIds);
      finished();
    };
    for (let t = 0; t < threads; t++) {
      const worker = new Worker(workerFile, { workerData: { options }, resourceLimits: WORKER_LIMITS });
      const termIds: number[] = [];
      const inFlight: number[] = [];
      let failed = false;
      const send = () => {
        if (next >= batches.length) return;
        inFlight.push(next);
        worker.postMessage({ batch: next, files: batches[next] });
        next++;
      };
      const fail = () => {
        if (failed) return;
        failed = true;
        alive--;
        void worker.terminate();
        for (const batch of inFlight.splice(0)) checkHere(batch);
        // With no thread left, this one checks the rest.
        if (alive === 0) while (next < batches.length) checkHere(next++);
      };
      worker.on('message', ({ batch, check }: { batch: number; check: FilesCheck }) => {
        inFlight.splice(inFlight.indexOf(batch), 1);
        gathered.add(batch, check, termIds, batches[batch]);
        send();
        if (inFlight.length === 0) void worker.terminate();
        finished();
      });
      worker.once('error', fail);
      worker.once('exit', () => {
        if (inFlight.length > 0) fail();
      });
      // Two batches at a time, so a thread never waits for this one to send the next.
      send();
      send();
      if (inFlight.length === 0) void worker.terminate();
    }
  });
}

/**
 * Where a field of a checked question is, for a finding about it: from the check when it kept the position, else
 * from the file read again (with positions). Few files are read again: those a finding is about.
 */
class Relocator {
  /** The file read last (findings come file by file), and nothing more: a parsed file with positions is large. */
  private last: { file: string; questions: RawQuestion[] } | undefined;

  at(entry: { file: string; index: number }, path: FieldPath, fallback: Position = { line: 1, column: 1 }): Position {
    if (this.last?.file !== entry.file) {
      const bytes = readBytes(entry.file, []);
      this.last = { file: entry.file, questions: bytes ? parseQuestionFile(entry.file, bytes, { withPositions: true }).questions : [] };
    }
    return this.last.questions[entry.index]?.locate(path, 'value') ?? fallback;
  }

  /** The position an id or topic was kept with, or found again. */
  of(entry: CheckedEntry, field: 'id' | 'topic'): Position {
    const kept = entry[field];
    return kept?.line !== undefined && kept.column !== undefined ? { line: kept.line, column: kept.column } : this.at(entry, [field]);
  }
}

/** The checks that need every file: unknown topics, duplicate ids, and key points their model answer does not support. */
function finishBank(prepared: PreparedBank, gathered: GatheredChecks, options: BankOptions): BankCheck {
  const relocator = new Relocator();
  const { found, findings, topics } = prepared;
  const entries: CheckedEntry[] = [];
  /** For each entry, the index of its part in `gathered.parts`. */
  const partOf: number[] = [];
  let questionCount = 0;
  gathered.parts.forEach(({ check }, part) => {
    findings.push(...check.findings);
    for (const entry of check.entries) {
      entries.push(entry);
      partOf.push(part);
    }
    questionCount += check.questionCount;
  });

  const knownTopics = [...topics.keys()];
  const firstById = new Map<string, { entry: CheckedEntry }>();
  const rejected = new Set<CheckedEntry>();
  entries.forEach((result) => {
    if (result.topic && !topics.has(result.topic.value)) {
      findings.push(finding(result.file, relocator.of(result, 'topic'), 'topic-unknown', unknownTopicMessage(result.topic.value, knownTopics)));
      rejected.add(result);
    }
  });
  for (const result of entries) {
    if (!result.id) continue;
    const { file } = result;
    const first = firstById.get(result.id.value);
    if (first) {
      const firstAt = relocator.of(first.entry, 'id');
      const at = relocator.of(result, 'id');
      findings.push(finding(first.entry.file, firstAt, 'duplicate-id', `id "${result.id.value}" is also used at ${file}:${at.line}:${at.column}`));
      findings.push(finding(file, at, 'duplicate-id', `id "${result.id.value}" is already used at ${first.entry.file}:${firstAt.line}:${firstAt.column}`));
      rejected.add(result);
    } else {
      firstById.set(result.id.value, { entry: result });
    }
  }

  const valid = entries.flatMap((r, i) => (r.valid && !rejected.has(r) ? [i] : []));
  if (options.rubrics) {
    findings.push(
      ...unsupportedKeyPoints(
        valid.map((i) => ({ entry: entries[i]!, part: gathered.parts[partOf[i]!]! })),
        [...rejected].filter((r) => r.valid),
        gathered,
        relocator,
      ),
    );
  }
  return {
    questions: valid.flatMap((i) => (entries[i]!.question ? [entries[i]!.question!] : [])),
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
function unsupportedKeyPoints(
  valid: ReadonlyArray<{ entry: CheckedEntry; part: { check: FilesCheck; termIds: number[] } }>,
  rejected: readonly CheckedEntry[],
  gathered: GatheredChecks,
  relocator: Relocator,
): Finding[] {
  const open = valid.filter((r) => r.entry.rubric !== undefined);
  if (open.length === 0) return [];
  const frequencies = gathered.frequencies;
  let documents = gathered.documents;
  const reread = new Map<string, CheckedEntry[]>();
  for (const r of rejected) {
    let entries = reread.get(r.file);
    if (!r.question && !entries) reread.set(r.file, (entries = checkFiles([r.file], { keepQuestions: true, rubrics: false }).entries));
    const question = r.question ?? entries?.[r.index]?.question;
    if (!question) continue;
    documents--;
    for (const t of documentTerms(question)) {
      const id = gathered.termIds.get(termText(t));
      if (id !== undefined) frequencies[id] = (frequencies[id] ?? 0) - 1;
    }
  }
  // As DocumentFrequencies.weights(), for each term number.
  const weights = new Float64Array(gathered.termIds.size);
  for (let id = 0; id < weights.length; id++) weights[id] = Math.log((documents + 1) / ((frequencies[id] ?? 0) + 1)) + 1;
  const out: Finding[] = [];
  for (const { entry, part } of open) {
    const { uncovered, source, positionAt } = uncoveredInRecord(part.check.rubrics!, entry.rubric!, part.termIds, weights);
    uncovered.forEach((index) => {
      const at = positionAt(index) ?? relocator.at(entry, ['key_points', index], source);
      out.push(
        finding(
          entry.file,
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

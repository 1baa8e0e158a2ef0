// Reads every question and topics file under some paths and checks them together: per-question rules, then the
// rules that need the whole set (unique ids, known topics). The quiz and `validate` share this one path.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { bundledBankDir } from './bundled.js';
import { checkQuestion, type CheckedQuestion } from './check.js';
import { finding, parseQuestionFile } from './parse.js';
import { parseTopicsFile, unknownTopicMessage } from './topics.js';
import { TOPICS_FILE_NAMES, type Finding, type Question, type Topic } from './types.js';
import { findQuestionFiles, unreadable } from './walk.js';

export interface BankCheck {
  /** Questions free of errors, in file order. */
  questions: Question[];
  topics: Topic[];
  findings: Finding[];
  fileCount: number;
  /** Every question entry found, valid or not. */
  questionCount: number;
}

export interface BankOptions {
  ignore?: readonly string[];
  /** Also accept the bundled bank's topics (true unless the bundled bank is deliberately left out). */
  bundledTopics?: boolean;
}

function nearestTopicsFile(path: string): string | undefined {
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

function readBytes(file: string, findings: Finding[]): Uint8Array | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    findings.push(unreadable(file, error));
    return undefined;
  }
}

export function checkBank(paths: readonly string[], options: BankOptions = {}): BankCheck {
  const found = findQuestionFiles(paths, options.ignore);
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

  return {
    questions: checked.filter((r) => r.question && !rejected.has(r)).map((r) => r.question!),
    topics: [...topics.values()],
    findings: sortFindings(findings),
    fileCount: found.questionFiles.length,
    questionCount,
  };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

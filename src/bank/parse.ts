// Turns the bytes of one question file into raw question candidates plus parse findings. Nothing here executes
// file content: front matter in any language other than YAML is refused before gray-matter sees it, and the
// engines gray-matter could evaluate are replaced by ones that refuse.
import matter from 'gray-matter';
import { isMap, isSeq, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { plainYaml } from './fast-yaml.js';
import { finding, type Finding } from './types.js';

export { finding };

export type FieldPath = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  column: number;
}

/** One question as found in a file, before its fields are checked. */
export interface RawQuestion {
  format: 'markdown' | 'yaml';
  /** Parsed fields: front matter for Markdown, the list item for YAML. */
  data: unknown;
  /** Markdown only: the body split at the `## Answer` heading. */
  body?: { prompt: string; answer: string | undefined; answerPosition: Position; bodyPosition: Position };
  /** Where the question starts (its first field). */
  start: Position;
  /** Where a field's key (or, with `value`, its value) sits; falls back to the nearest enclosing node. */
  locate(path: FieldPath, part?: 'key' | 'value'): Position;
  /**
   * True when the YAML was read without positions (see fast-yaml.ts): `locate` then parses the file again, so it is
   * best asked only for a finding.
   */
  locatesByParsing?: boolean;
}

export interface ParsedFile {
  file: string;
  questions: RawQuestion[];
  findings: Finding[];
}

const ANSWER_HEADING = /^##[ \t]+Answer[ \t]*#*[ \t]*$/i;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const YAML_OPTIONS = { prettyErrors: false, strict: true, uniqueKeys: true } as const;
const MAX_ALIASES = 100;

function refuseToExecute(): never {
  throw new Error('executable front matter is not allowed');
}

const SAFE_MATTER_ENGINES = {
  javascript: refuseToExecute,
  js: refuseToExecute,
  coffee: refuseToExecute,
  coffeescript: refuseToExecute,
  cson: refuseToExecute,
  json: refuseToExecute,
  toml: refuseToExecute,
};

function positionOfOffset(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Decodes UTF-8 text, or explains precisely why the bytes are not a text file. */
export function decodeQuestionText(file: string, bytes: Uint8Array): { text: string } | { finding: Finding } {
  // Line and column of a byte offset, counting characters (not bytes) of the text before it.
  const positionOfByte = (offset: number) => {
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
    return positionOfOffset(before, before.length);
  };
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { finding: finding(file, positionOfByte(nul), 'encoding', 'file contains a NUL byte; question files must be UTF-8 text') };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const pos = positionOfByte(firstInvalidUtf8Byte(bytes));
    return { finding: finding(file, pos, 'encoding', 'file is not valid UTF-8 text; save it with UTF-8 encoding') };
  }
  // Old Mac OS line endings: every line would run into the next, and the diagnosis would be about that instead.
  if (text.includes('\r') && !text.includes('\n')) {
    return {
      finding: finding(
        file,
        { line: 1, column: 1 },
        'line-endings',
        'lines end in a lone carriage return (CR, old Mac OS style); save the file with LF or CRLF line endings',
      ),
    };
  }
  return { text: text.replace(/\r\n/g, '\n') };
}

// Controls other than tab and newline (a lone CR included), DEL, and C1 controls: shown as nothing, they could
// drive a terminal if printed raw, and no question needs them.
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const CONTROL_NAMES: Record<number, string> = { 7: 'BEL', 8: 'BS', 13: 'CR', 27: 'ESC', 127: 'DEL', 155: 'CSI' };

/** A warning for raw control characters in a question file: where the first is, and how many there are. */
export function controlCharacterFinding(file: string, text: string): Finding | undefined {
  const found = [...text.matchAll(RAW_CONTROL)];
  const first = found[0];
  if (!first) return undefined;
  const code = first[0].charCodeAt(0);
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}${CONTROL_NAMES[code] ? ` (${CONTROL_NAMES[code]})` : ''}`;
  const more = found.length > 1 ? ` and ${found.length - 1} more` : '';
  return finding(
    file,
    positionOfOffset(text, first.index),
    'control-character',
    `raw control character ${name}${more} in the text; it is dropped when shown, so write what it stands for instead`,
    'warning',
  );
}

/** Offset of the lead byte of the first invalid UTF-8 sequence (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    // The second byte's range is narrower after these leads (overlong forms, surrogates, beyond U+10FFFF).
    const [low, high] =
      lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k];
      if (byte === undefined || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return bytes.length;
}

/** `withPositions` reads every file with `yaml` (positions at hand) rather than js-yaml where it can (fast-yaml.ts). */
export function parseQuestionFile(file: string, bytes: Uint8Array, options: { withPositions?: boolean } = {}): ParsedFile {
  const decoded = decodeQuestionText(file, bytes);
  if ('finding' in decoded) return { file, questions: [], findings: [decoded.finding] };
  const { text } = decoded;
  if (text.trim() === '') {
    return { file, questions: [], findings: [finding(file, { line: 1, column: 1 }, 'empty-file', 'file is empty')] };
  }
  const parsed = /\.md$/i.test(file)
    ? parseMarkdownQuestion(file, text, options.withPositions === true)
    : (!options.withPositions && plainYamlQuestions(file, text)) || parseYamlQuestionsWithPositions(file, text);
  const control = controlCharacterFinding(file, text);
  return control ? { ...parsed, findings: [...parsed.findings, control] } : parsed;
}

interface YamlParse {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  findings: Finding[];
}

/** Parses YAML source; `lineOffset` shifts reported lines for YAML embedded in a larger file. */
export function parseYaml(file: string, source: string, lineOffset = 0): YamlParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { ...YAML_OPTIONS, lineCounter });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + lineOffset, column: col };
  };
  const findings = [
    ...doc.errors.map((e) => finding(file, at(e.pos[0]), 'yaml-syntax', yamlMessage(e.message))),
    ...doc.warnings.map((w) => finding(file, at(w.pos[0]), 'yaml-syntax', yamlMessage(w.message), 'warning')),
  ];
  return { doc, lineCounter, findings };
}

function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return `YAML: ${first.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '')}`;
}

/**
 * The first mapping key that is not a plain name (a list or mapping used as a key, or a null key): YAML allows them,
 * but they cannot be a field, and converting them would only print a warning.
 */
function oddKey(node: unknown): { range?: [number, number, number] | null; kind: string } | undefined {
  // A plain walk over maps and lists (cheaper than yaml's visit(), which builds a path for every node).
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (key === null || !isScalar(key) || key.value === null) {
        return {
          range: key?.range ?? (pair.value as Node | null)?.range ?? null,
          kind: key === null || isScalar(key) ? 'empty' : isSeq(key) ? 'a list' : 'a mapping',
        };
      }
      const inner = oddKey(pair.value);
      if (inner) return inner;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const inner = oddKey(item);
      if (inner) return inner;
    }
  }
  return undefined;
}

function toPlainData(file: string, doc: Document.Parsed, start: Position, lineCounter: LineCounter): { data: unknown } | { finding: Finding } {
  const odd = oddKey(doc.contents);
  if (odd) {
    const pos = odd.range ? lineCounter.linePos(odd.range[0]) : undefined;
    return {
      finding: finding(
        file,
        pos ? { line: pos.line, column: pos.col } : start,
        'unknown-field',
        `a field name must be plain text, but this one is ${odd.kind}`,
      ),
    };
  }
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIASES }) };
  } catch (error) {
    return { finding: finding(file, start, 'yaml-syntax', `YAML: ${(error as Error).message}`) };
  }
}

function locator(root: Node | null, at: (offset: number) => Position, fallback: Position): RawQuestion['locate'] {
  return (path, part = 'key') => {
    let node: unknown = root;
    let best = node && (node as Node).range ? at((node as Node).range![0]) : fallback;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return best;
        if (last && part === 'key' && isScalar(pair.key) && pair.key.range) return at(pair.key.range[0]);
        node = pair.value;
        if (isScalar(pair.key) && pair.key.range) best = at(pair.key.range[0]);
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
      } else {
        return best;
      }
      const range = (node as Node | null)?.range;
      if (range && (part === 'value' || !last)) best = at(range[0]);
    }
    return best;
  };
}

function parseMarkdownQuestion(file: string, text: string, withPositions: boolean): ParsedFile {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  if (!firstLine.startsWith('---') || firstLine.startsWith('----')) {
    return {
      file,
      questions: [],
      findings: [
        finding(file, { line: 1, column: 1 }, 'front-matter-missing', 'a Markdown question must start with YAML front matter between two "---" lines'),
      ],
    };
  }
  const language = firstLine.slice(3).trim().toLowerCase();
  if (language !== '' && language !== 'yaml' && language !== 'yml') {
    return {
      file,
      questions: [],
      findings: [
        finding(
          file,
          { line: 1, column: 4 },
          'front-matter-language',
          `front matter in "${language}" is not allowed; only YAML front matter is read, and nothing in a question file is ever executed`,
        ),
      ],
    };
  }
  const close = text.indexOf('\n---', firstLine.length);
  if (close === -1) {
    return {
      file,
      questions: [],
      findings: [finding(file, { line: 1, column: 1 }, 'front-matter-unclosed', 'front matter is not closed: add a line with "---" after the last field')],
    };
  }
  // The first line starting with "---" closes the front matter (as gray-matter reads it): it must be "---" alone,
  // or what follows would silently become part of the prompt.
  const closeEnd = text.indexOf('\n', close + 1) === -1 ? text.length : text.indexOf('\n', close + 1);
  const rest = text.slice(close + 4, closeEnd);
  if (rest.trim() !== '') {
    const where = positionOfOffset(text, close + 4);
    return {
      file,
      questions: [],
      findings: [
        finding(file, where, 'front-matter-unclosed', `the line closing the front matter must be "---" alone (found ${JSON.stringify(`---${rest}`)})`),
      ],
    };
  }
  // Trailing spaces after the closing "---" are dropped, so positions in the body stay on their own lines.
  if (rest !== '') text = text.slice(0, close + 4) + text.slice(closeEnd);

  let yaml: YamlParse | undefined;
  let plain: { data: unknown } | undefined;
  let frontMatter = '';
  const parsed = matter(text, {
    language: 'yaml',
    engines: {
      ...SAFE_MATTER_ENGINES,
      // The matter string begins with the newline that ends the opening line, so its lines are the file's lines.
      yaml: (source: string) => {
        frontMatter = source;
        plain = withPositions ? undefined : plainYaml(source);
        if (!plain) yaml = parseYaml(file, source);
        return {};
      },
    },
  });
  const findings = yaml ? [...yaml.findings] : [];
  const start: Position = { line: 2, column: 1 };
  if (plain) {
    const bodyOffset = text.length - parsed.content.length;
    const bodyPosition = positionOfOffset(text, bodyOffset);
    const { prompt, answer, answerLine } = splitPromptAndAnswer(parsed.content);
    const questionStart = firstContent(frontMatter, 0) ?? start;
    // Positions only when a finding asks: the front matter read again by `yaml`.
    let located: RawQuestion['locate'] | undefined;
    const locate: RawQuestion['locate'] = (path, part) => {
      if (!located) {
        const again = parseYaml(file, frontMatter);
        const counter = again.lineCounter;
        located = locator(again.doc.contents, (offset) => ({ line: counter.linePos(offset).line, column: counter.linePos(offset).col }), questionStart);
      }
      return located(path, part);
    };
    return {
      file,
      findings,
      questions: [
        {
          format: 'markdown',
          data: plain.data ?? {},
          body: { prompt, answer, bodyPosition, answerPosition: { line: bodyPosition.line + answerLine, column: 1 } },
          start: questionStart,
          locate,
          locatesByParsing: true,
        },
      ],
    };
  }
  let data: unknown = {};
  let root: Node | null = null;
  let at = (offset: number): Position => positionOfOffset(text, offset);
  if (yaml) {
    if (yaml.doc.errors.length > 0) return { file, questions: [], findings };
    const plain = toPlainData(file, yaml.doc, start, yaml.lineCounter);
    if ('finding' in plain) return { file, questions: [], findings: [...findings, plain.finding] };
    data = plain.data ?? {};
    root = yaml.doc.contents;
    const counter = yaml.lineCounter;
    at = (offset) => {
      const { line, col } = counter.linePos(offset);
      return { line, column: col };
    };
  }

  const bodyOffset = text.length - parsed.content.length;
  const bodyPosition = positionOfOffset(text, bodyOffset);
  const { prompt, answer, answerLine } = splitPromptAndAnswer(parsed.content);
  const questionStart = root?.range ? at(root.range[0]) : start;
  return {
    file,
    findings,
    questions: [
      {
        format: 'markdown',
        data,
        body: { prompt, answer, bodyPosition, answerPosition: { line: bodyPosition.line + answerLine, column: 1 } },
        start: questionStart,
        locate: locator(root, at, questionStart),
      },
    ],
  };
}

/** Splits a Markdown body at its first `## Answer` heading outside code fences. */
export function splitPromptAndAnswer(body: string): { prompt: string; answer: string | undefined; answerLine: number } {
  const lines = body.split('\n');
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = FENCE.exec(line)?.[1];
    if (marker) {
      if (!fence) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (!fence && ANSWER_HEADING.test(line)) {
      return {
        prompt: lines.slice(0, i).join('\n').trim(),
        answer: lines
          .slice(i + 1)
          .join('\n')
          .trim(),
        answerLine: i,
      };
    }
  }
  return { prompt: body.trim(), answer: undefined, answerLine: 0 };
}

/**
 * The position of the first line holding more than a comment, from line `from` (0-based) of `source`, whose first
 * line is line 1 of the file: where `yaml` starts the document's top node.
 */
function firstContent(source: string, from: number): Position | undefined {
  const lines = source.split('\n');
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    const indent = line.length - line.trimStart().length;
    if (line.trim() !== '' && line[indent] !== '#') return { line: i + 1, column: indent + 1 };
  }
  return undefined;
}

const QUESTIONS_KEY = /^questions:[ \t]*(?:#.*)?$/;
const ITEM = /^([ \t]*)-([ \t]+)(?=[^\s#])/;

/**
 * Where each item of the block list under a top-level `questions:` key starts (its first key, as `yaml` places the
 * item), or undefined when the file is laid out in any other way.
 */
function itemStarts(text: string): Position[] | undefined {
  const lines = text.split('\n');
  const key = lines.findIndex((line) => QUESTIONS_KEY.test(line));
  if (key < 0) return undefined;
  const starts: Position[] = [];
  let indent = -1;
  for (let i = key + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const own = line.length - line.trimStart().length;
    if (line.trim() === '' || line[own] === '#') continue;
    const item = ITEM.exec(line);
    if (indent < 0) {
      if (!item) return undefined;
      indent = item[1]!.length;
    }
    if (own < indent || (own === indent && !item)) return undefined;
    if (own === indent && item) starts.push({ line: i + 1, column: item[0].length + 1 });
  }
  return starts;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A YAML question file of the plain kind (see fast-yaml.ts), read without positions; undefined for any other. */
function plainYamlQuestions(file: string, text: string): ParsedFile | undefined {
  const plain = plainYaml(text);
  const data = plain?.data;
  if (!isRecord(data) || Object.keys(data).length !== 1 || !Array.isArray(data.questions) || data.questions.length === 0) return undefined;
  const items = data.questions as unknown[];
  if (!items.every(isRecord)) return undefined;
  const starts = itemStarts(text);
  if (!starts || starts.length !== items.length) return undefined;
  let again: RawQuestion[] | undefined;
  return {
    file,
    findings: [],
    questions: items.map((item, index) => ({
      format: 'yaml' as const,
      data: item,
      start: starts[index]!,
      // Positions only when a finding asks: the file read again by `yaml`.
      locate: (path, part) => (again ??= parseYamlQuestionsWithPositions(file, text).questions)[index]?.locate(path, part) ?? starts[index]!,
      locatesByParsing: true,
    })),
  };
}

function parseYamlQuestionsWithPositions(file: string, text: string): ParsedFile {
  const { doc, lineCounter, findings } = parseYaml(file, text);
  if (doc.errors.length > 0) return { file, questions: [], findings };
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const top: Position = { line: 1, column: 1 };
  const root = doc.contents;
  const structure = (pos: Position, message: string) => ({ file, questions: [], findings: [...findings, finding(file, pos, 'file-structure', message)] });
  if (!isMap(root)) {
    return structure(root?.range ? at(root.range[0]) : top, 'a YAML question file must be a mapping with a "questions:" list');
  }
  const plain = toPlainData(file, doc, top, lineCounter);
  if ('finding' in plain) return { file, questions: [], findings: [...findings, plain.finding] };
  const rootLocate = locator(root, at, top);
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'questions') {
      findings.push(finding(file, rootLocate([key]), 'unknown-field', `unknown top-level field "${key}"; a YAML question file holds only a "questions:" list`));
    }
  }
  const list = root.get('questions', true);
  if (!isSeq(list)) {
    const pos = list ? rootLocate(['questions'], 'value') : top;
    return structure(pos, list ? '"questions" must be a list of questions' : 'a YAML question file must have a "questions:" list');
  }
  const items = ((plain.data as { questions?: unknown[] }).questions ?? []) as unknown[];
  const questions: RawQuestion[] = list.items.map((node, index) => {
    const nodeStart = (node as Node | null)?.range ? at((node as Node).range![0]) : rootLocate(['questions'], 'value');
    return {
      format: 'yaml' as const,
      data: items[index],
      start: nodeStart,
      locate: locator(node as Node, at, nodeStart),
    };
  });
  if (questions.length === 0) {
    findings.push(finding(file, rootLocate(['questions']), 'file-structure', 'the "questions" list is empty', 'warning'));
  }
  return { file, questions, findings };
}

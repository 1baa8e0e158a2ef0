// Checks one raw question against the schema and the rules a good question follows, and builds the Question the
// quiz uses. Every problem becomes a Finding with the exact position of the field at fault.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { finding, type FieldPath, type Position, type RawQuestion } from './parse.js';
import { CODE_DEFAULT_TOLERANCE, frontMatterSchema, KEY_POINTS_MAX, KEY_POINTS_MIN, TIME_MAX_SECONDS, TIME_MIN_SECONDS, yamlQuestionSchema } from './schema.js';
import { plural } from '../lib/plural.js';
import { didYouMean } from './suggest.js';
import type { Choice, CodeCase, CodeExercise, Finding, Question } from './types.js';

export const MIN_ANSWER_WORDS = 60;
export const MAX_PROMPT_CHARS = 1500;

let validators: { markdown: ValidateFunction; yaml: ValidateFunction } | undefined;

function schemaValidators() {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: false });
    validators = { markdown: ajv.compile(frontMatterSchema), yaml: ajv.compile(yamlQuestionSchema) };
  }
  return validators;
}

const CHOICE_FIELDS = Object.keys(frontMatterSchema.properties.choices.items.properties);
const KEY_POINT_FIELDS = Object.keys(frontMatterSchema.properties.key_points.items.anyOf[1].properties);
const MARKDOWN_FIELDS = Object.keys(frontMatterSchema.properties);
const YAML_FIELDS = Object.keys(yamlQuestionSchema.properties);

function pathOf(instancePath: string): FieldPath {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part.replace(/~1/g, '/').replace(/~0/g, '~')));
}

export function fieldName(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function describeType(type: string): string {
  return { array: 'a list', object: 'a mapping', string: 'text', integer: 'a whole number', boolean: 'true or false', number: 'a number' }[type] ?? type;
}

function schemaFinding(file: string, raw: RawQuestion, error: ErrorObject): Finding {
  const path = pathOf(error.instancePath);
  const field = fieldName(path);
  const at = (p: FieldPath, part?: 'key' | 'value') => raw.locate(p, part);
  const value = path.reduce<unknown>((v, key) => (v as Record<string | number, unknown> | undefined)?.[key], raw.data);
  switch (error.keyword) {
    case 'required': {
      const missing = String(error.params.missingProperty);
      const where = field ? ` in ${field}` : '';
      return finding(file, path.length ? at(path, 'value') : raw.start, 'required-field', `missing required field "${missing}"${where}`);
    }
    case 'additionalProperties': {
      const extra = String(error.params.additionalProperty);
      const known = path[0] === 'key_points' ? KEY_POINT_FIELDS : path.length ? CHOICE_FIELDS : raw.format === 'markdown' ? MARKDOWN_FIELDS : YAML_FIELDS;
      const bodyHint =
        raw.format === 'markdown' && (extra === 'prompt' || extra === 'answer')
          ? ' (in a Markdown file the prompt and answer go in the body, the answer under "## Answer")'
          : didYouMean(extra, known);
      return finding(file, at([...path, extra]), 'unknown-field', `unknown field "${fieldName([...path, extra])}"${bodyHint}`);
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as string[]) ?? [];
      const got = JSON.stringify(value);
      return finding(
        file,
        at(path, 'value'),
        'invalid-value',
        `${field} must be one of ${allowed.join(', ')} (got ${got})${typeof value === 'string' ? didYouMean(value, allowed) : ''}`,
      );
    }
    case 'pattern':
    case 'maxLength':
      if (path[path.length - 1] === 'id') {
        return finding(
          file,
          at(path, 'value'),
          'id-format',
          `id ${JSON.stringify(value)} must be lowercase letters, digits and single hyphens, at most 80 characters (for example "mlops-model-drift")`,
        );
      }
      return finding(file, at(path, 'value'), 'field-type', `${field} ${error.message ?? 'is invalid'}`);
    case 'minLength':
      return finding(file, at(path, 'value'), 'field-empty', `${field} must not be empty`);
    default:
      if (path[0] === 'time' && path.length === 1) {
        return finding(
          file,
          at(path, 'value'),
          'time-range',
          `time must be a whole number of seconds from ${TIME_MIN_SECONDS} to ${TIME_MAX_SECONDS} (got ${JSON.stringify(value)})`,
        );
      }
      if (error.keyword === 'type') {
        const expected = String(error.params.type);
        const list = expected === 'string' && path.length === 2 && typeof path[1] === 'number' ? ` (${String(path[0])} is a list of text items)` : '';
        return finding(file, at(path, 'value'), 'field-type', `${field} must be ${describeType(expected)}${list}`);
      }
      return finding(file, at(path, 'value'), 'field-type', `${field} ${error.message ?? 'is invalid'}`);
  }
}

function schemaFindings(file: string, raw: RawQuestion): Finding[] {
  const validate = raw.format === 'markdown' ? schemaValidators().markdown : schemaValidators().yaml;
  if (raw.data === null || typeof raw.data !== 'object' || Array.isArray(raw.data)) {
    const what = raw.format === 'markdown' ? 'front matter' : 'each item of "questions"';
    return [finding(file, raw.start, 'file-structure', `${what} must be a mapping of fields (id, topic, difficulty, ...)`)];
  }
  if (validate(raw.data)) return [];
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const error of keyPointErrors(raw.data as Fields, validate.errors ?? [])) {
    const f = schemaFinding(file, raw, error);
    const key = `${f.rule}:${f.line}:${f.column}:${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

/**
 * A key point is text or a {text, aliases} mapping: of the schema's two alternatives, only the one the item was
 * written as is reported, and an item that is neither gets one sentence that names both.
 */
function keyPointErrors(data: Fields, errors: readonly ErrorObject[]): ErrorObject[] {
  const points = Array.isArray(data.key_points) ? data.key_points : [];
  const out: ErrorObject[] = [];
  const reported = new Set<string>();
  for (const error of errors) {
    const match = /^\/key_points\/(\d+)/.exec(error.instancePath);
    if (!match) {
      out.push(error);
      continue;
    }
    const item = points[Number(match[1])];
    const isMapping = typeof item === 'object' && item !== null && !Array.isArray(item);
    if (error.keyword === 'anyOf' || (isMapping && error.schemaPath.includes('/anyOf/0/'))) continue;
    if (!isMapping) {
      if (reported.has(match[0])) continue;
      reported.add(match[0]);
      out.push({ ...error, instancePath: match[0], keyword: 'key-point', params: {}, message: 'must be text, or a mapping with "text" and "aliases"' });
      continue;
    }
    out.push(error);
  }
  return out;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Whether `wordCount(text) >= n`, reading no further than the n-th word. */
function hasWords(text: string, n: number): boolean {
  if (n <= 0) return true;
  let count = 0;
  for (const [chunk] of text.matchAll(/\S+/g)) if (/[\p{L}\p{N}]/u.test(chunk) && ++count >= n) return true;
  return false;
}

function normalized(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

interface Fields {
  id?: unknown;
  topic?: unknown;
  difficulty?: unknown;
  type?: unknown;
  tags?: unknown;
  time?: unknown;
  key_points?: unknown;
  choices?: unknown;
  follow_ups?: unknown;
  hints?: unknown;
  shuffle?: unknown;
  language?: unknown;
  stub?: unknown;
  tests?: unknown;
  prompt?: unknown;
  answer?: unknown;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** A key point is a string, or `{text, aliases}` when it lists other wordings for the suggested ticks. */
const keyPointText = (point: unknown): string | undefined =>
  typeof point === 'string'
    ? point
    : typeof point === 'object' && point !== null && typeof (point as { text?: unknown }).text === 'string'
      ? (point as { text: string }).text
      : undefined;
const keyPointAliases = (point: unknown): string[] => (typeof point === 'object' && point !== null ? strings((point as { aliases?: unknown }).aliases) : []);

function contentFindings(file: string, raw: RawQuestion, fields: Fields, prompt: string, answer: string | undefined): Finding[] {
  const out: Finding[] = [];
  const push = (path: FieldPath, rule: string, message: string, severity: Finding['severity'] = 'error', part: 'key' | 'value' = 'value') =>
    out.push(finding(file, raw.locate(path, part), rule, message, severity));
  const body = raw.body;
  const answerAt = (): Position => (body ? body.answerPosition : raw.locate(['answer'], 'value'));
  const isChoice = fields.type === 'choice';

  // Prompt and answer.
  if (body) {
    if (prompt === '')
      out.push(finding(file, body.bodyPosition, 'prompt-empty', 'the question has no prompt: write it after the front matter, before "## Answer"'));
    if (answer === undefined) {
      out.push(finding(file, body.bodyPosition, 'answer-missing', 'no "## Answer" section: put the model answer under a line that reads "## Answer"'));
    } else if (answer === '') {
      out.push(
        finding(
          file,
          answerAt(),
          'answer-empty',
          isChoice ? 'the "## Answer" section is empty: explain the right option there' : 'the "## Answer" section is empty',
        ),
      );
    }
  } else if (typeof fields.answer === 'string' && fields.answer.trim() === '') {
    out.push(finding(file, answerAt(), 'answer-empty', isChoice ? 'answer is empty: explain the right option there' : 'answer is empty'));
  }
  if (answer && !hasWords(answer, MIN_ANSWER_WORDS)) {
    out.push(
      finding(
        file,
        answerAt(),
        'answer-short',
        `the model answer has ${plural(wordCount(answer), 'word')}; a useful one has at least ${MIN_ANSWER_WORDS}`,
        'warning',
      ),
    );
  }
  if (prompt.length > MAX_PROMPT_CHARS) {
    const at = body ? body.bodyPosition : raw.locate(['prompt'], 'value');
    out.push(
      finding(file, at, 'prompt-long', `the prompt is ${prompt.length} characters; keep it under ${MAX_PROMPT_CHARS} so it fits on a screen`, 'warning'),
    );
  }
  if (fields.tags === undefined || (Array.isArray(fields.tags) && fields.tags.length === 0)) {
    out.push(
      finding(
        file,
        fields.tags === undefined ? raw.start : raw.locate(['tags'], 'value'),
        'tags-missing',
        'the question has no tags; add a few so users can filter with --tag',
        'warning',
      ),
    );
  }

  // Key points.
  const keyPoints = Array.isArray(fields.key_points) ? fields.key_points : undefined;
  if (!isChoice) {
    const count = keyPoints?.length ?? 0;
    if (count < KEY_POINTS_MIN || count > KEY_POINTS_MAX) {
      const at = keyPoints ? ['key_points'] : [];
      out.push(
        finding(
          file,
          at.length ? raw.locate(at) : raw.start,
          'key-points-count',
          `an open question needs ${KEY_POINTS_MIN} to ${KEY_POINTS_MAX} key_points to grade against (found ${count})`,
        ),
      );
    }
  } else if (keyPoints && keyPoints.length > KEY_POINTS_MAX) {
    push(['key_points'], 'key-points-count', `at most ${KEY_POINTS_MAX} key_points (found ${keyPoints.length})`, 'error', 'key');
  }
  if (keyPoints) {
    const seen = new Map<string, number>();
    keyPoints.forEach((entry, index) => {
      const point = keyPointText(entry);
      if (point === undefined) return;
      if (point.trim() === '') {
        push(['key_points', index], 'key-point-empty', `key_points[${index}] is empty`);
        return;
      }
      const key = normalized(point);
      const first = seen.get(key);
      if (first !== undefined) {
        push(['key_points', index], 'key-point-repeated', `key_points[${index}] repeats key_points[${first}]`, 'warning');
      } else {
        seen.set(key, index);
      }
    });
  }

  // Choices.
  const choices = Array.isArray(fields.choices) ? (fields.choices as Array<Record<string, unknown>>) : undefined;
  if (isChoice) {
    if (!choices || choices.length < 2) {
      const count = choices?.length ?? 0;
      out.push(finding(file, choices ? raw.locate(['choices']) : raw.start, 'choices-count', `a choice question needs at least 2 choices (found ${count})`));
    }
    if (choices && choices.length > 0 && !choices.some((c) => c?.correct === true)) {
      push(['choices'], 'choice-no-correct', 'no choice is marked "correct: true"', 'error', 'key');
    }
    const texts = new Map<string, number>();
    choices?.forEach((choice, index) => {
      if (!choice || typeof choice.text !== 'string') return;
      if (choice.text.trim() === '') {
        push(['choices', index, 'text'], 'choice-empty', `choices[${index}].text is empty`);
        return;
      }
      const key = normalized(choice.text);
      const first = texts.get(key);
      if (first !== undefined) {
        const marked = [choice.correct === true, choices[first]?.correct === true].filter(Boolean).length;
        push(
          ['choices', index, 'text'],
          marked > 0 ? 'choice-correct-duplicate' : 'choice-duplicate',
          marked === 2
            ? `choices[${index}] repeats choices[${first}], and both are marked correct: a user cannot tell the two copies apart`
            : marked === 1
              ? `choices[${index}] repeats choices[${first}], and only one of them is marked correct: the grade would depend on which copy is picked`
              : `choices[${index}] repeats the text of choices[${first}]`,
        );
      } else {
        texts.set(key, index);
      }
      if (typeof choice.explanation !== 'string' || choice.explanation.trim() === '') {
        push(['choices', index], 'choice-explanation', `choices[${index}] has no explanation of why it is right or wrong`, 'warning');
      }
    });
  } else if (choices) {
    push(['choices'], 'choices-on-open', 'choices are only used by choice questions: add "type: choice" or remove them', 'error', 'key');
  }
  out.push(...codeFindings(file, raw, fields, answer));
  return out;
}

interface RawTests {
  setup?: string;
  fixtures?: string;
  file?: string;
  tolerance?: number;
  ordered?: boolean;
  time_limit?: number;
  cases?: Array<{ name?: unknown; call?: unknown; expect?: unknown; doctest?: unknown; hidden?: boolean; tolerance?: number; fixtures?: unknown }>;
}

/** Fenced blocks of one language in Markdown: a runnable exercise's reference solution lives in its answer. */
export function fencedBlocks(markdown: string, language: string): string[] {
  const pattern = new RegExp(`^\`\`\`${language}[^\\S\\n]*\\n([\\s\\S]*?)^\`\`\`[^\\S\\n]*$`, 'gm');
  return [...markdown.matchAll(pattern)].map((m) => m[1]!);
}

const isRows = (value: unknown): value is unknown[][] => Array.isArray(value) && value.every((row) => Array.isArray(row));

/** The rules of a runnable exercise that can be checked without running anything. */
function codeFindings(file: string, raw: RawQuestion, fields: Fields, answer: string | undefined): Finding[] {
  const out: Finding[] = [];
  const at = (path: FieldPath, part: 'key' | 'value' = 'key') => raw.locate(path, part);
  const given = (['language', 'stub', 'tests'] as const).filter((f) => fields[f] !== undefined);
  if (given.length === 0) return out;
  if (fields.type === 'choice') {
    out.push(finding(file, at([given[0]!]), 'code-on-choice', `${given.join(', ')} belong to open questions: a choice question is graded by its choices`));
    return out;
  }
  const missing = (['language', 'stub', 'tests'] as const).filter((f) => fields[f] === undefined);
  if (missing.length) {
    out.push(finding(file, at([given[0]!]), 'code-incomplete', `a runnable exercise needs language, stub and tests; missing ${missing.join(', ')}`));
    return out;
  }
  if (typeof fields.stub === 'string' && fields.stub.trim() === '') out.push(finding(file, at(['stub'], 'value'), 'field-empty', 'stub must not be empty'));
  if (typeof fields.tests !== 'object' || fields.tests === null || Array.isArray(fields.tests)) return out;
  const tests = fields.tests as RawTests;
  const sql = fields.language === 'sql';
  const wrongLanguage = (sql ? (['setup', 'file'] as const) : (['fixtures', 'ordered'] as const)).filter((f) => tests[f] !== undefined);
  for (const field of wrongLanguage) {
    out.push(
      finding(file, at(['tests', field]), 'code-field', `tests.${field} is for ${sql ? 'Python' : 'SQL'} exercises; this one is ${sql ? 'SQL' : 'Python'}`),
    );
  }
  const cases = Array.isArray(tests.cases) ? tests.cases : [];
  if (sql && tests.file !== undefined) return out;
  if (tests.file !== undefined && cases.length > 0) {
    out.push(finding(file, at(['tests', 'file']), 'code-no-tests', 'give tests either as cases or as a file, not both'));
  } else if (tests.file === undefined && cases.length === 0) {
    out.push(finding(file, at(['tests']), 'code-no-tests', `tests needs at least one case${sql ? '' : ' (or a test file)'}`));
  }
  if (tests.file !== undefined && !/^def test_/m.test(tests.file)) {
    out.push(finding(file, at(['tests', 'file'], 'value'), 'code-no-tests', 'tests.file defines no test_* function'));
  }
  const names = new Map<string, number>();
  cases.forEach((item, index) => {
    if (!item || typeof item !== 'object') return;
    const path = ['tests', 'cases', index];
    if (typeof item.name === 'string') {
      const first = names.get(item.name);
      if (first !== undefined)
        out.push(finding(file, at([...path, 'name'], 'value'), 'code-case', `tests.cases[${index}] repeats the name of tests.cases[${first}]`));
      else names.set(item.name, index);
    }
    if (sql) {
      for (const field of ['call', 'doctest'] as const) {
        if (item[field] !== undefined)
          out.push(finding(file, at([...path, field]), 'code-case', `tests.cases[${index}].${field} is for Python; an SQL case runs the user's query`));
      }
      if (item.expect === undefined) {
        out.push(finding(file, at(path, 'value'), 'code-case', `tests.cases[${index}] needs expect: the rows the query should return`));
      } else if (!isRows(item.expect)) {
        out.push(
          finding(
            file,
            at([...path, 'expect'], 'value'),
            'code-case',
            `tests.cases[${index}].expect must be the expected rows, a list of lists such as [[1, "a"], [2, "b"]]`,
          ),
        );
      }
      if (item.fixtures === undefined && tests.fixtures === undefined) {
        out.push(finding(file, at(path, 'value'), 'code-case', `tests.cases[${index}] has no tables: set tests.fixtures or the case's fixtures`));
      }
    } else if (item.doctest !== undefined) {
      if (item.call !== undefined || item.expect !== undefined) {
        out.push(finding(file, at([...path, 'doctest']), 'code-case', `tests.cases[${index}] has a doctest and call/expect: give one or the other`));
      } else if (typeof item.doctest === 'string' && !/^\s*>>> /m.test(item.doctest)) {
        out.push(finding(file, at([...path, 'doctest'], 'value'), 'code-case', `tests.cases[${index}].doctest has no ">>> " example`));
      }
    } else {
      if (typeof item.call !== 'string' || item.call.trim() === '' || item.expect === undefined) {
        out.push(finding(file, at(path, 'value'), 'code-case', `tests.cases[${index}] needs call and expect (Python expressions), or a doctest`));
      } else if (typeof item.expect !== 'string') {
        out.push(
          finding(
            file,
            at([...path, 'expect'], 'value'),
            'code-case',
            `tests.cases[${index}].expect must be a Python expression written as text, such as "[1, 2]"`,
          ),
        );
      }
      if (item.fixtures !== undefined) out.push(finding(file, at([...path, 'fixtures']), 'code-field', `tests.cases[${index}].fixtures is for SQL exercises`));
    }
  });
  if (cases.length > 0 && !cases.some((c) => c?.hidden === true)) {
    out.push(
      finding(
        file,
        at(['tests', 'cases']),
        'code-no-hidden',
        'no case is hidden: add cases the prompt does not show, so passing means more than matching the examples',
        'warning',
      ),
    );
  }
  if (answer !== undefined && typeof fields.language === 'string' && fencedBlocks(answer, fields.language).length === 0) {
    out.push(
      finding(
        file,
        raw.body ? raw.body.answerPosition : at(['answer'], 'value'),
        'code-no-solution',
        `the model answer has no \`\`\`${fields.language} block, so the tests cannot be checked against a reference solution`,
        'warning',
      ),
    );
  }
  return out;
}

function codeExercise(raw: RawQuestion, fields: Fields, exactLines: boolean): CodeExercise | undefined {
  // A check that keeps no question (validate) needs no lines of code cases: without positions at hand, the
  // question's start stands in rather than reading the file again.
  const lineOf = (path: FieldPath, part: 'key' | 'value') => (exactLines || !raw.locatesByParsing ? raw.locate(path, part).line : raw.start.line);
  if (typeof fields.language !== 'string' || typeof fields.stub !== 'string' || typeof fields.tests !== 'object' || fields.tests === null) return undefined;
  const tests = fields.tests as RawTests;
  const cases: CodeCase[] = (tests.cases ?? []).map((c, index) => ({
    name: String(c.name),
    ...(typeof c.call === 'string' ? { call: c.call } : {}),
    ...(c.expect !== undefined ? { expect: c.expect as CodeCase['expect'] } : {}),
    ...(typeof c.doctest === 'string' ? { doctest: c.doctest } : {}),
    hidden: c.hidden === true,
    ...(typeof c.tolerance === 'number' ? { tolerance: c.tolerance } : {}),
    ...(typeof c.fixtures === 'string' ? { fixtures: c.fixtures } : {}),
    line: lineOf(['tests', 'cases', index], 'value'),
  }));
  return {
    language: fields.language as CodeExercise['language'],
    stub: fields.stub,
    ...(tests.setup !== undefined ? { setup: tests.setup } : {}),
    ...(tests.fixtures !== undefined ? { fixtures: tests.fixtures } : {}),
    ...(tests.file !== undefined ? { file: tests.file } : {}),
    cases,
    tolerance: tests.tolerance ?? CODE_DEFAULT_TOLERANCE,
    ordered: tests.ordered ?? true,
    ...(tests.time_limit !== undefined ? { timeLimit: tests.time_limit } : {}),
    line: lineOf(['tests'], 'key'),
  };
}

export interface CheckedQuestion {
  file: string;
  /** Present when the question has no errors (warnings allowed). */
  question?: Question;
  /** The id and its position, when the id is usable, for duplicate checks (no position: see `locatesByParsing`). */
  id?: { value: string; line?: number; column?: number };
  topic?: { value: string; line?: number; column?: number };
  /** Where each key point is written, for findings about one of them (none: see `locatesByParsing`). */
  keyPointPositions?: Array<{ line: number; column: number }>;
  findings: Finding[];
}

/** `keep: false` when the question itself is thrown away after the check (validate): see codeExercise. */
export function checkQuestion(file: string, raw: RawQuestion, options: { keep?: boolean } = {}): CheckedQuestion {
  const findings = schemaFindings(file, raw);
  if (findings.some((f) => f.rule === 'file-structure')) return { file, findings };
  const fields = raw.data as Fields;
  const prompt = raw.body ? raw.body.prompt : typeof fields.prompt === 'string' ? fields.prompt.trim() : '';
  const answer = raw.body ? raw.body.answer : typeof fields.answer === 'string' ? fields.answer.trim() : undefined;
  findings.push(...contentFindings(file, raw, fields, prompt, answer));

  // Without positions at hand (fast-yaml.ts), the bank's own checks find them again only if they report one.
  const where = (field: string) => (raw.locatesByParsing ? {} : raw.locate([field], 'value'));
  const idPos = where('id');
  const topicPos = where('topic');
  const result: CheckedQuestion = {
    file,
    findings,
    ...(typeof fields.id === 'string' ? { id: { value: fields.id, ...idPos } } : {}),
    ...(typeof fields.topic === 'string' ? { topic: { value: fields.topic, ...topicPos } } : {}),
  };
  if (findings.some((f) => f.severity === 'error')) return result;

  const choices: Choice[] = Array.isArray(fields.choices)
    ? (fields.choices as Array<{ text: string; correct?: boolean; explanation?: string }>).map((c) => ({
        text: c.text,
        correct: c.correct === true,
        ...(c.explanation !== undefined ? { explanation: c.explanation } : {}),
      }))
    : [];
  if (Array.isArray(fields.key_points) && !raw.locatesByParsing)
    result.keyPointPositions = fields.key_points.map((_, i) => raw.locate(['key_points', i], 'value'));
  result.question = {
    id: fields.id as string,
    topic: fields.topic as string,
    difficulty: fields.difficulty as Question['difficulty'],
    type: fields.type === 'choice' ? 'choice' : 'open',
    tags: strings(fields.tags),
    ...(typeof fields.time === 'number' ? { time: fields.time } : {}),
    keyPoints: Array.isArray(fields.key_points) ? fields.key_points.map((p) => keyPointText(p) ?? '') : [],
    keyPointAliases: Array.isArray(fields.key_points) ? fields.key_points.map(keyPointAliases) : [],
    choices,
    shuffle: fields.shuffle !== false,
    followUps: strings(fields.follow_ups),
    hints: strings(fields.hints),
    prompt,
    answer: answer ?? '',
    source: { file, line: raw.start.line, column: raw.start.column },
  };
  const code = codeExercise(raw, fields, options.keep !== false);
  if (code) result.question.code = code;
  return result;
}

import { Ajv, type ValidateFunction } from 'ajv';
import { decodeQuestionText, finding, parseYaml } from './parse.js';
import { ID_MAX_LENGTH, ID_PATTERN, topicsFileSchema } from './schema.js';
import { fieldName } from './check.js';
import { didYouMean } from './suggest.js';
import type { Finding, Topic } from './types.js';

export { TOPICS_FILE_NAMES } from './types.js';

let validateTopics: ValidateFunction | undefined;
const VALID_ID = new RegExp(ID_PATTERN);

/** Reads a bank's topics.yaml; malformed entries are reported and left out. */
export function parseTopicsFile(file: string, bytes: Uint8Array): { topics: Topic[]; findings: Finding[] } {
  const decoded = decodeQuestionText(file, bytes);
  if ('finding' in decoded) return { topics: [], findings: [decoded.finding] };
  const { doc, lineCounter, findings } = parseYaml(file, decoded.text);
  if (doc.errors.length > 0) return { topics: [], findings };
  const at = (path: Array<string | number>) => {
    const node = doc.getIn(path, true) as { range?: [number, number] } | undefined;
    const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0);
    return { line, column: col };
  };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias bomb (or any other document the YAML library refuses to expand) is a finding, not a crash.
    return { topics: [], findings: [...findings, finding(file, { line: 1, column: 1 }, 'yaml-syntax', `YAML: ${(error as Error).message}`)] };
  }
  validateTopics ??= new Ajv({ allErrors: true, strict: true }).compile(topicsFileSchema);
  if (!validateTopics(data)) {
    for (const error of validateTopics.errors ?? []) {
      const path = error.instancePath
        .split('/')
        .slice(1)
        .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      const field = fieldName(path) || 'the file';
      const value = path.reduce<unknown>((v, key) => (v as Record<string | number, unknown> | undefined)?.[key], data);
      let message: string;
      if (error.keyword === 'required') message = `${field} is missing required field "${String(error.params.missingProperty)}"`;
      else if (error.keyword === 'additionalProperties') message = `${field} has unknown field "${String(error.params.additionalProperty)}"`;
      else if (error.keyword === 'pattern' || error.keyword === 'maxLength') {
        message = `topic id ${JSON.stringify(value)} must be lowercase letters, digits and single hyphens, at most 80 characters`;
      } else message = `${field} ${error.message ?? 'is invalid'}`;
      findings.push(finding(file, at(path), 'topics-file', message));
    }
  }
  const topics: Topic[] = [];
  const seen = new Set<string>();
  const list = (data as { topics?: unknown } | null)?.topics;
  if (Array.isArray(list)) {
    list.forEach((entry: unknown, index) => {
      const t = entry as Partial<Topic> | null;
      if (!t || typeof t.id !== 'string' || typeof t.title !== 'string' || typeof t.description !== 'string') return;
      // Reported above; left out, so no question can use it.
      if (!VALID_ID.test(t.id) || t.id.length > ID_MAX_LENGTH) return;
      if (seen.has(t.id)) {
        findings.push(finding(file, at(['topics', index, 'id']), 'topics-file', `topic "${t.id}" is defined twice`));
        return;
      }
      seen.add(t.id);
      topics.push({ id: t.id, title: t.title, description: t.description });
    });
  }
  return { topics, findings };
}

export function unknownTopicMessage(topic: string, known: readonly string[]): string {
  const suggestion = didYouMean(topic, known);
  return `topic "${topic}" is not defined in topics.yaml${suggestion || `; known topics: ${known.join(', ')}`}`;
}

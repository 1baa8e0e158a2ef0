import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_SCHEMAS } from '../../src/bank/schema.js';

const schemaFile = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../schema/${name}`, import.meta.url)), 'utf8'));

describe('published JSON Schemas', () => {
  it.each(Object.keys(PUBLISHED_SCHEMAS))('schema/%s is generated from the definition the validator uses', (name) => {
    expect(schemaFile(name)).toEqual(PUBLISHED_SCHEMAS[name as keyof typeof PUBLISHED_SCHEMAS]);
  });

  it('accept the bundled topics file and a bundled YAML question file', () => {
    const ajv = new Ajv({ strict: false });
    const topics = parse(readFileSync(fileURLToPath(new URL('../../questions/topics.yaml', import.meta.url)), 'utf8'));
    expect(ajv.validate(schemaFile('topics.schema.json'), topics)).toBe(true);
    const drills = parse(readFileSync(fileURLToPath(new URL('../../questions/mlops/drills.yaml', import.meta.url)), 'utf8'));
    expect(ajv.validate(schemaFile('question-file.schema.json'), drills)).toBe(true);
  });
});

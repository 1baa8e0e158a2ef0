import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBank, PARALLEL_FROM_FILES } from '../../src/bank-files/bank.js';
import { openQuestion, TINY_TOPICS } from '../helpers/bank.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/temp.js';

describe('validate on a large bank', () => {
  it('runs on threads and reports exactly what one thread finds, across the slices', () => {
    const count = PARALLEL_FROM_FILES + 400;
    const files: Record<string, string> = { 'topics.yaml': TINY_TOPICS };
    for (let i = 0; i < count; i++) {
      // Varied key points, some their answer does not support; an id used in the first and the last slice; an
      // unknown topic and a broken file in the second; each changes the term weights or the findings.
      const extra = i % 7 === 0 ? { key_points: ['Quantum entanglement of gradient descent', 'Names the trade-offs and when not to use it'] } : {};
      files[`d${Math.floor(i / 100)}/q${i}.md`] = openQuestion(i === count - 1 ? 'alpha-q0' : `alpha-q${i}`, extra);
    }
    files['d20/unknown-topic.md'] = openQuestion('gamma-q', { topic: 'gamma' });
    files['d21/broken.md'] = '---\nid: [unclosed\n---\n';
    const root = writeTree(tempDir(), files);

    const result = runCli(['validate', root, '--format', 'json'], { configHome: tempDir() });
    expect(result.stderr).toBe('');
    const reported = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    const expected = checkBank([root], { ignoreNamedFiles: true, rubrics: true }).findings.map(({ file, line, column, severity, rule, message }) => ({ file, line, column, severity, rule, message }));
    expect(reported).toEqual(expected);
    const rules = new Set(reported.map((f) => f.rule));
    for (const rule of ['duplicate-id', 'topic-unknown', 'key-point-unsupported']) expect(rules).toContain(rule);
    expect(reported.some((f) => f.file === join(root, 'd21', 'broken.md'))).toBe(true);
    expect(result.code).toBe(1);
  }, 120_000);
});

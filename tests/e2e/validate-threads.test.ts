// validate splits a large bank across threads (the built CLI only: the thread's script is a file of the build).
// What it reports must be what the whole bank holds, whichever slice each file fell in: the findings below are
// derived from how the bank is generated, so the test needs nothing from src.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openQuestion, TINY_TOPICS } from '../helpers/bank.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/temp.js';

/** Enough files for two threads at least (validate starts splitting at 2,000 files, a thread per 1,000). */
const COUNT = 2400;

describe('validate on a large bank', () => {
  it('runs on threads and reports exactly what the whole bank holds, across the slices', () => {
    const files: Record<string, string> = { 'topics.yaml': TINY_TOPICS };
    const unsupported: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      // Varied key points, some their answer does not support; an id used in the first and the last slice; an
      // unknown topic and a broken file in the second; each changes the term weights or the findings.
      const path = `d${Math.floor(i / 100)}/q${i}.md`;
      const extra = i % 7 === 0 ? { key_points: ['Quantum entanglement of gradient descent', 'Names the trade-offs and when not to use it'] } : {};
      if (i % 7 === 0) unsupported.push(path);
      files[path] = openQuestion(i === COUNT - 1 ? 'alpha-q0' : `alpha-q${i}`, extra);
    }
    files['d20/unknown-topic.md'] = openQuestion('gamma-q', { topic: 'gamma' });
    files['d21/broken.md'] = '---\nid: [unclosed\n---\n';
    const root = writeTree(tempDir(), files);
    const last = `d${Math.floor((COUNT - 1) / 100)}/q${COUNT - 1}.md`;

    const result = runCli(['validate', root, '--format', 'json'], { configHome: tempDir() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const reported = (JSON.parse(result.stdout) as Array<{ file: string; line: number; column: number; severity: string; rule: string; message: string }>).map(
      (f) => ({
        ...f,
        file: f.file.slice(root.length + 1),
      }),
    );
    const rest = reported.filter((f) => f.rule !== 'key-point-unsupported');
    expect(rest).toEqual([
      { file: 'd0/q0.md', line: 2, column: 5, severity: 'error', rule: 'duplicate-id', message: `id "alpha-q0" is also used at ${join(root, last)}:2:5` },
      {
        file: 'd20/unknown-topic.md',
        line: 3,
        column: 8,
        severity: 'error',
        rule: 'topic-unknown',
        message: expect.stringMatching(/^topic "gamma" is not defined in topics\.yaml; known topics: alpha, beta, /),
      },
      { file: 'd21/broken.md', line: 2, column: 14, severity: 'error', rule: 'yaml-syntax', message: expect.stringMatching(/^YAML: /) },
      { file: last, line: 2, column: 5, severity: 'error', rule: 'duplicate-id', message: `id "alpha-q0" is already used at ${join(root, 'd0/q0.md')}:2:5` },
    ]);
    // The unsupported key point of every seventh file, and no other: the term weights are the whole bank's.
    const keyPoints = reported.filter((f) => f.rule === 'key-point-unsupported');
    expect(keyPoints.map((f) => f.file).sort()).toEqual([...unsupported].sort());
    expect(keyPoints.filter((f) => !/^key_points\[0\] is not supported by the model answer/.test(f.message) || f.severity !== 'warning')).toEqual([]);
  }, 120_000);
});

// list called in-process: counts by topic and difficulty, ids under their topics, tables that fit the terminal.
import { describe, expect, it } from 'vitest';
import type { TopicCount } from '../../src/bank/counts.js';
import { runList, type ListOptions } from '../../src/commands/list.js';
import { openQuestion, tinyBank, TINY_TOPICS } from '../helpers/bank.js';
import { run } from '../helpers/run-command.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const list = (options: ListOptions, io: { tty?: boolean; columns?: number } = {}) => run((term) => runList(options, term), io);
const widest = (text: string) => Math.max(...text.split('\n').map((line) => line.trimEnd().length));

/** The bundled bank as `list --json` counts it: what the numbers in the other outputs must match. */
async function bundledCounts(topic?: string[]): Promise<{ total: number; topics: TopicCount[] }> {
  return JSON.parse((await list({ json: true, ...(topic ? { topic } : {}) })).stdout);
}

describe('list', () => {
  it('counts questions by topic and difficulty, as JSON and as a table', async () => {
    const bank = tinyBank();
    const json = await list({ json: true, bundled: false, bank: [bank] });
    expect(json).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(json.stdout)).toEqual({
      total: 3,
      topics: [
        { id: 'alpha', title: 'Alpha', description: 'The first test topic.', total: 2, beginner: 1, intermediate: 0, advanced: 1, open: 2, choice: 0 },
        { id: 'beta', title: 'Beta', description: 'The second test topic.', total: 1, beginner: 0, intermediate: 1, advanced: 0, open: 0, choice: 1 },
      ],
    });
    const text = await list({ bundled: false, bank: [bank] });
    expect(text.stdout).toMatch(/alpha\s+│\s+Alpha\s+│\s+1\s+│\s+0\s+│\s+1\s+│\s+2/);
    expect(text.stdout).toMatch(/3 questions in 2 topics\. Start with: mle-prep quiz --topic alpha\n$/);
  });

  it("lists question ids under their topics, in the bank's topic order, with as many columns as the terminal fits", async () => {
    // "zeta" comes first in this topics.yaml, so the order is the file's, not the alphabet's.
    const longId = 'zeta-a-question-with-a-rather-long-identifier-indeed';
    const bank = writeTree(tempDir(), {
      'topics.yaml': TINY_TOPICS.replace('topics:\n', 'topics:\n  - id: zeta\n    title: Zeta\n    description: Listed first.\n'),
      'zeta/long.md': openQuestion(longId, { topic: 'zeta' }),
      'alpha/first.md': openQuestion('alpha-first'),
      'alpha/second.md': openQuestion('alpha-second', { difficulty: 'intermediate' }),
    });
    const options = { ids: true, bundled: false, bank: [bank] };
    const piped = await list(options);
    expect(piped).toMatchObject({ code: 0, stderr: '' });
    const pad = ' '.repeat(longId.length - 'alpha-first'.length);
    expect(piped.stdout).toBe(
      [
        'zeta (1)',
        `  ${longId}  beginner      open`,
        '',
        'alpha (2)',
        `  alpha-first${pad}  beginner      open`,
        `  alpha-second${pad.slice(1)}  intermediate  open`,
        '',
      ].join('\n'),
    );
    const narrow = await list(options, { tty: true, columns: 72 });
    expect(narrow.stdout).toContain(`  alpha-second${pad.slice(1)}  intermediate\n`);
    expect(narrow.stdout).not.toContain('open');
    const tiny = await list(options, { tty: true, columns: 60 });
    expect(tiny.stdout).toContain('  alpha-second\n');
    // A topic that has no questions yet says so rather than printing an empty line.
    expect(await list({ ...options, topic: ['beta'] })).toMatchObject({ code: 0, stdout: 'No questions in beta yet.\n' });
  });

  it('lists ids as JSON, sorted by topic and id', async () => {
    const ids = JSON.parse((await list({ ids: true, json: true, bundled: false, bank: [tinyBank()] })).stdout) as Array<{ id: string; topic: string }>;
    expect(ids.map((q) => [q.topic, q.id])).toEqual([
      ['alpha', 'alpha-first'],
      ['alpha', 'alpha-second'],
      ['beta', 'beta-choice-one'],
    ]);
  });

  it('adds a user bank to the bundled one', async () => {
    const bundled = await bundledCounts();
    const both = JSON.parse((await list({ json: true, bank: [tinyBank()] })).stdout) as { total: number };
    expect(both.total).toBe(bundled.total + 3);
  });

  it('warns about, and skips, broken questions in a user bank', async () => {
    const bank = writeTree(tinyBank(), { 'alpha/broken.md': '---\nid: Broken\n---\nP\n' });
    const result = await list({ json: true, bundled: false, bank: [bank] });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).total).toBe(3);
    expect(result.stderr).toMatch(/1 question skipped\. Run `mle-prep validate .*` for details\./);
  });

  it('names the questions skipped because the bundled bank already uses their ids', async () => {
    const [topic] = (await bundledCounts()).topics;
    const taken = JSON.parse((await list({ ids: true, json: true, topic: [topic!.id] })).stdout)[0].id as string;
    const bank = writeTree(tempDir(), { 'q.md': openQuestion(taken, { topic: topic!.id }) });
    const result = await list({ json: true, bank: [bank] });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `mle-prep: 1 question skipped because its id is already used by the bundled bank or an earlier --bank: ${taken}. Give it a new id.\n`,
    );
  });

  it('narrows to --topic, and refuses an unknown topic', async () => {
    const [first, second, third] = (await bundledCounts()).topics;
    const both = await bundledCounts([first!.id, second!.id]);
    expect(both.total).toBe(first!.total + second!.total);
    const text = await list({ topic: [first!.id, second!.id] });
    expect(text.stdout).toMatch(new RegExp(`${both.total} questions in 2 topics\\. Start with: mle-prep quiz --topic ${first!.id}\\n$`));
    expect(text.stdout).not.toContain(`${third!.id} `);
    const unknown = await list({ topic: ['nope'] });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^mle-prep: unknown topic "nope"; valid topics: /);
  });

  it('says so when --no-bundled has no bank to use', async () => {
    const result = await list({ bundled: false });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/--no-bundled needs at least one --bank/);
  });

  it('fits the width of a terminal: the titles go first, then the level headers shorten', async () => {
    const { topics } = await bundledCounts();
    const longestTitle = [...topics].sort((a, b) => b.title.length - a.title.length)[0]!.title;
    const wide = await list({}, { tty: true, columns: 120 });
    expect(wide.stdout).toContain(longestTitle);
    const narrow = await list({}, { tty: true, columns: 80 });
    expect(narrow.stdout).not.toContain(longestTitle);
    expect(widest(narrow.stdout)).toBeLessThanOrEqual(80);
    expect(narrow.stdout).toContain('│ intermediate │');
    // A column to spare at every width: the longest level header shortens first, then all three.
    const tighter = await list({}, { tty: true, columns: 64 });
    expect(widest(tighter.stdout)).toBeLessThan(64);
    expect(tighter.stdout).toContain('│ beginner │ interm. │ advanced │');
    const tight = await list({}, { tty: true, columns: 60 });
    expect(widest(tight.stdout)).toBeLessThan(60);
    expect(tight.stdout).toContain('│ beg. │ int. │ adv. │');
    // A suggested command is never split across lines.
    expect(tight.stdout).toMatch(new RegExp(`Start with:\\n {2}mle-prep quiz --topic ${topics[0]!.id}\\n`));
  });
});

// The bank cache as list, stats and show use it in-process: written on first use, reused, invalidated by an edit,
// and ignored when damaged. Each test has its own cache folder (XDG_CACHE_HOME, read where the cache is opened).
import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runList } from '../../src/commands/list.js';
import { runShow } from '../../src/commands/show.js';
import { runStats } from '../../src/commands/stats.js';
import { loadQuestions, loadQuestionsToChoose } from '../../src/services/bank.js';
import { TestTerminal } from '../helpers/command-io.js';
import { LONG_ANSWER, openQuestion, tinyBank, TINY_TOPICS } from '../helpers/bank.js';
import { run } from '../helpers/run-command.js';
import { tempDir, writeTree } from '../helpers/temp.js';

let cacheDir: string;
beforeEach(() => {
  const home = tempDir();
  vi.stubEnv('XDG_CACHE_HOME', home);
  cacheDir = join(home, 'mle-prep');
  return () => vi.unstubAllEnvs();
});

const listJson = async (bank: string, ids = false) => {
  const result = await run((io) => runList({ json: true, ids, bundled: false, bank: [bank] }, io));
  expect(result).toMatchObject({ code: 0 });
  return { ...result, data: JSON.parse(result.stdout) };
};
const firstTopic = async (bank: string) => (await listJson(bank)).data.topics[0];

describe('the bank cache', () => {
  it('is written on first use, reused, and invalidated by an edit', async () => {
    const bank = tinyBank();
    expect(await firstTopic(bank)).toMatchObject({ id: 'alpha', beginner: 1, advanced: 1 });
    const files = readdirSync(cacheDir).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^bank-[0-9a-f]{8}\.json$/);
    expect(files[1]).toBe(files[0]!.replace('.json', '.summary.json'));
    const summary = join(cacheDir, files[1]!);
    const cachedAt = statSync(summary).mtimeMs;
    expect(await firstTopic(bank)).toMatchObject({ beginner: 1 });
    expect(statSync(summary).mtimeMs).toBe(cachedAt);

    const question = join(bank, 'alpha', 'first.md');
    writeFileSync(question, readFileSync(question, 'utf8').replace('difficulty: "beginner"', 'difficulty: "advanced"'));
    expect(await firstTopic(bank)).toMatchObject({ beginner: 0, advanced: 2 });
  });

  it('sees a same-size edit that keeps the old mtime (cp -p, rsync -a, tar)', async () => {
    const bank = tinyBank();
    const question = join(bank, 'alpha', 'first.md');
    // A whole-second mtime, so restoring it below gives exactly the same value.
    const stamp = new Date('2026-01-01T00:00:00Z');
    utimesSync(question, stamp, stamp);
    expect(await firstTopic(bank)).toMatchObject({ beginner: 1, advanced: 1 });
    const before = statSync(question);
    // "beginner" -> "advanced" has the same length; the restored mtime hides the edit from size and mtime alone.
    writeFileSync(question, readFileSync(question, 'utf8').replace('difficulty: "beginner"', 'difficulty: "advanced"'));
    utimesSync(question, stamp, stamp);
    expect(statSync(question)).toMatchObject({ size: before.size, mtimeMs: before.mtimeMs });
    expect(await firstTopic(bank)).toMatchObject({ beginner: 0, advanced: 2 });
  });

  it('is invalidated when the topics.yaml above a bank changes', async () => {
    const root = writeTree(tempDir(), { 'topics.yaml': TINY_TOPICS, 'bank/q.md': openQuestion('alpha-only') });
    expect((await listJson(join(root, 'bank'))).data.total).toBe(1);
    writeFileSync(join(root, 'topics.yaml'), TINY_TOPICS.replace('id: alpha', 'id: gamma'));
    const after = await listJson(join(root, 'bank'));
    expect(after.data.total).toBe(0);
    expect(after.stderr).toMatch(/1 problem in 1 question file; 1 question skipped/);
  });

  it('serves list and stats from the summary, without the question text, and show from the full copy', async () => {
    const bank = tinyBank();
    await listJson(bank);
    const [full, summary] = readdirSync(cacheDir)
      .sort()
      .map((f) => join(cacheDir, f));
    const summaryText = readFileSync(summary!, 'utf8');
    expect(summaryText).toContain('"alpha-first"');
    expect(readFileSync(full!, 'utf8')).toContain(LONG_ANSWER.slice(0, 40));
    expect(summaryText).not.toContain(LONG_ANSWER.slice(0, 40));
    expect(summaryText.length).toBeLessThan(readFileSync(full!, 'utf8').length / 2);

    // With the full copy damaged, list and stats still read the summary (and leave the full copy alone)...
    writeFileSync(full!, 'damaged');
    expect((await listJson(bank, true)).data.map((q: { id: string }) => q.id)).toEqual(['alpha-first', 'alpha-second', 'beta-choice-one']);
    expect((await run((io) => runStats({ bundled: false, bank: [bank] }, io))).code).toBe(0);
    expect(readFileSync(full!, 'utf8')).toBe('damaged');
    // ...while show needs the text: it parses the bank again and rewrites the full copy.
    const shown = await run((io) => runShow('alpha-first', { bundled: false, bank: [bank] }, io));
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Model answer');
    expect(JSON.parse(readFileSync(full!, 'utf8')).bank.questions).toHaveLength(3);
    const rewritten = readFileSync(summary!, 'utf8');

    // Without a summary, list makes one from the full copy rather than parsing the bank again.
    rmSync(summary!);
    const fullAt = statSync(full!).mtimeMs;
    expect((await listJson(bank)).data.total).toBe(3);
    expect(readFileSync(summary!, 'utf8')).toBe(rewritten);
    expect(statSync(full!).mtimeMs).toBe(fullAt);
  });

  it('gives show one question read from the full copy, without parsing the rest of it', async () => {
    const bank = tinyBank();
    const first = await run((io) => runShow('alpha-first', { bundled: false, bank: [bank] }, io));
    expect(first.code).toBe(0);
    const full = join(cacheDir, readdirSync(cacheDir).find((f) => !f.includes('summary'))!);
    const text = readFileSync(full, 'utf8');
    // Cut the file just after the first question: the whole no longer parses, the question still reads.
    const cut = text.indexOf('{"id":"alpha-second"');
    expect(cut).toBeGreaterThan(0);
    writeFileSync(full, text.slice(0, cut));
    const fullAt = statSync(full).mtimeMs;
    const again = await run((io) => runShow('alpha-first', { bundled: false, bank: [bank] }, io));
    expect([again.code, again.stdout, again.stderr]).toEqual([first.code, first.stdout, first.stderr]);
    expect(statSync(full).mtimeMs).toBe(fullAt);
    // A question past the cut cannot be read from it: the bank is parsed again and the copy rewritten.
    const second = await run((io) => runShow('alpha-second', { bundled: false, bank: [bank] }, io));
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toContain('alpha-second');
    expect(JSON.parse(readFileSync(full, 'utf8')).bank.questions).toHaveLength(3);
  });

  it('keeps text outside ASCII exactly, from a file that is itself plain ASCII', async () => {
    const bank = writeTree(tinyBank(), { 'alpha/symbols.md': openQuestion('alpha-symbols').replace('explain it.', 'keep p95 ≤ 200 ms — café 🚀?') });
    const show = () => run((io) => runShow('alpha-symbols', { bundled: false, bank: [bank] }, io));
    const first = await show();
    expect(first.stdout).toContain('keep p95 ≤ 200 ms — café 🚀?');
    expect(readdirSync(cacheDir)).toHaveLength(2);
    const notAscii = readdirSync(cacheDir).filter((file) => !/^[\x00-\x7f]*$/.test(readFileSync(join(cacheDir, file), 'utf8')));
    expect(notAscii).toEqual([]);
    const second = await show();
    expect([second.code, second.stdout, second.stderr]).toEqual([first.code, first.stdout, first.stderr]);
  });

  it('is ignored when damaged', async () => {
    const bank = tinyBank();
    await listJson(bank);
    for (const f of readdirSync(cacheDir)) writeFileSync(join(cacheDir, f), '{"signature": "x", "bank": ');
    const result = await listJson(bank);
    expect(result.data.total).toBe(3);
  });
});

describe('a bank to choose from', () => {
  const io = () => new TestTerminal({ tty: false }).io;

  it('reads the text of the chosen questions only, in their order, and the whole bank once when asked', async () => {
    const bank = tinyBank();
    const options = { bundled: false, bank: [bank] };
    const all = (await loadQuestions(options, io())).questions;
    // A cache miss, then a hit: the same questions either way.
    for (let run = 0; run < 2; run++) {
      const choosable = await loadQuestionsToChoose(options, io());
      expect(choosable.questions.map((q) => q.id)).toEqual(all.map((q) => q.id));
      expect(choosable.questions[0]).not.toHaveProperty('answer');
      const chosen = [choosable.questions[2]!, choosable.questions[0]!];
      expect(await choosable.read(chosen)).toEqual([all[2], all[0]]);
      const whole = choosable.whole();
      expect(choosable.whole()).toBe(whole);
      expect(await whole).toEqual(all);
    }
  });

  it('reads the whole bank instead when the cache changed under it', async () => {
    const bank = tinyBank();
    const options = { bundled: false, bank: [bank] };
    const all = (await loadQuestions(options, io())).questions;
    const choosable = await loadQuestionsToChoose(options, io());
    const full = readdirSync(cacheDir).find((f) => !f.includes('summary'))!;
    writeFileSync(join(cacheDir, full), 'damaged');
    expect(await choosable.read([choosable.questions[1]!])).toEqual([all[1]]);
  });

  it('warns once about a bank with problems, not again when the whole bank is read', async () => {
    const bank = writeTree(tempDir(), { 'topics.yaml': TINY_TOPICS, 'a.md': openQuestion('alpha-a'), 'b.md': 'not a question' });
    const term = new TestTerminal({ tty: false });
    const choosable = await loadQuestionsToChoose({ bundled: false, bank: [bank] }, term.io);
    await choosable.whole();
    expect(term.stderr.match(/problem/g)).toHaveLength(1);
  });
});

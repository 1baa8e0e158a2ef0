// grade called in-process: which key points an answer covers, with the sentence that shows each; saves nothing.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGrade, type GradeOptions } from '../../src/commands/grade.js';
import { tinyBank } from '../helpers/bank.js';
import { TestTerminal } from '../helpers/command-io.js';
import { exitCodeOf, run } from '../helpers/run-command.js';
import { tempDir } from '../helpers/temp.js';

describe('grade', () => {
  it('prints per key point whether the answer covers it, with the evidence, as text and as JSON, and saves nothing', async () => {
    const bank = tinyBank();
    const options: GradeOptions = { bundled: false, bank: [bank], ai: true };
    const dir = tempDir();
    writeFileSync(join(dir, 'answer.txt'), 'I would alert when the PSI goes above 0.2, since that is a real shift.\nNothing else.');
    // A relative --answer-file is read from the folder the command runs in.
    const text = await run((io) => runGrade('alpha-first', { ...options, answerFile: 'answer.txt' }, io), { cwd: dir });
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toMatch(/^alpha-first: 1 of 3 key points look covered\n/);
    expect(text.stdout.replace(/\n\s+/g, ' ')).toContain('“I would alert when the PSI goes above 0.2, since that is a real shift.”');
    const jsonRun = await run((io) => runGrade('alpha-first', { ...options, answerFile: join(dir, 'answer.txt'), json: true }, io));
    const json = JSON.parse(jsonRun.stdout);
    expect(json.id).toBe('alpha-first');
    expect(json.keyPoints.map((k: { index: number; covered: boolean }) => [k.index, k.covered])).toEqual([
      [0, false],
      [1, false],
      [2, true],
    ]);
    expect(Object.keys(json.keyPoints[2])).toEqual(['index', 'text', 'covered', 'confidence', 'evidence']);
    expect(json.keyPoints[0].evidence).toBeNull();
    expect(readdirSync(jsonRun.term.io.storeDir)).toEqual([]);

    // "-" reads the answer from stdin, to its end (the scripted stdin is a PassThrough stream).
    const piped = new TestTerminal({ tty: false });
    const done = exitCodeOf((io) => runGrade('alpha-first', { ...options, answerFile: '-', json: true }, io), piped);
    await piped.type('PSI above 0.2 means a real shift worth acting on.');
    (piped.io.stdin.stream as unknown as NodeJS.WritableStream).end();
    expect(await done).toBe(0);
    expect(JSON.parse(piped.stdout).keyPoints[2].covered).toBe(true);
  });

  it('says in one sentence what is wrong with a missing file, an unknown id or a choice question', async () => {
    const bank = tinyBank();
    const options: GradeOptions = { bundled: false, bank: [bank], ai: true };
    expect(await run((io) => runGrade('alpha-first', { ...options, answerFile: '/nope/answer.txt' }, io))).toMatchObject({
      code: 2,
      stderr: 'mle-prep: cannot read the answer file /nope/answer.txt: it does not exist.\n',
    });
    const file = join(tempDir(), 'a.txt');
    writeFileSync(file, 'x');
    const typo = await run((io) => runGrade('alpha-frist', { ...options, answerFile: file }, io));
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/^mle-prep: no question with id "alpha-frist" \(did you mean "alpha-first"\?\)/);
    expect(await run((io) => runGrade('beta-choice-one', { ...options, answerFile: file }, io))).toMatchObject({
      code: 1,
      stderr: 'mle-prep: beta-choice-one is a multiple-choice question: it is graded by the option picked, not by key points.\n',
    });
    expect(await run((io) => runGrade('alpha-first', options, io))).toMatchObject({
      code: 2,
      stderr: 'mle-prep: give the answer with --answer-file <file> (or - for stdin).\n',
    });
  });
});

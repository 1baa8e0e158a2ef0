// export called in-process: reports written to stdout or a file, and the files it refuses to write.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExport } from '../../src/commands/export.js';
import { runHistory } from '../../src/commands/history.js';
import { runStats } from '../../src/commands/stats.js';
import { tinyBank } from '../helpers/bank.js';
import { fakeSession, sessionWithEscapes } from '../helpers/sessions.js';
import { run, seedSessions } from '../helpers/run-command.js';
import { tempDir } from '../helpers/temp.js';

const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('export', () => {
  it('says in one sentence why an output file cannot be written', async () => {
    const storeDir = tempDir();
    const dir = tempDir();
    const bank = { bundled: false, bank: [tinyBank()] };
    expect(await run((io) => runExport({ ...bank, format: 'md' }, io), { storeDir })).toMatchObject({
      code: 1,
      stderr: 'mle-prep: there are no sessions to export yet; finish a quiz first.\n',
    });
    await seedSessions(storeDir, [fakeSession('one', '2026-11-10T08:00:00.000Z', 1)]);
    expect(await run((io) => runExport({ ...bank, format: 'html', output: dir }, io), { storeDir })).toMatchObject({
      code: 1,
      stderr: `mle-prep: ${dir} is a folder; give a file name, such as ${join(dir, 'report.html')}.\n`,
    });
    expect(await run((io) => runExport({ ...bank, format: 'md', output: join(dir, 'nope', 'r.md') }, io), { storeDir })).toMatchObject({
      code: 1,
      stderr: `mle-prep: cannot write ${join(dir, 'nope', 'r.md')}: the folder ${join(dir, 'nope')} does not exist.\n`,
    });
    writeFileSync(join(dir, 'r.md'), 'mine');
    expect(await run((io) => runExport({ ...bank, output: 'r.md' }, io), { storeDir, cwd: dir })).toMatchObject({
      code: 1,
      stderr: 'mle-prep: r.md already exists; use --force to overwrite it.\n',
    });
    expect(await run((io) => runExport({ ...bank, output: 'r.md', force: true }, io), { storeDir, cwd: dir })).toMatchObject({
      code: 0,
      stderr: 'Wrote 1 session as md to r.md\n',
    });
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toContain('# ');
  });

  it('carries no escape sequence from any field of an imported session into history, stats or a report', async () => {
    const storeDir = tempDir();
    const dir = tempDir();
    const bank = { bundled: false, bank: [tinyBank()] };
    const session = sessionWithEscapes();
    await seedSessions(storeDir, [session]);
    const raw = async (command: Parameters<typeof run>[0], tty = false) => (await run(command, { storeDir, tty })).term.raw;
    const outputs = [
      await raw((io) => runHistory({}, io)),
      await raw((io) => runStats(bank, io)),
      await raw((io) => runExport({ ...bank, format: 'md' }, io)),
      await raw((io) => runExport({ ...bank, format: 'csv' }, io)),
      await raw((io) => runExport({ ...bank, format: 'html', output: '-' }, io)),
      // In a terminal too.
      await raw((io) => runHistory({}, io), true),
      await raw((io) => runStats(bank, io), true),
    ];
    expect((await run((io) => runExport({ ...bank, format: 'md', output: join(dir, 'r.md') }, io), { storeDir })).code).toBe(0);
    expect((await run((io) => runExport({ ...bank, format: 'csv', output: join(dir, 'r.csv') }, io), { storeDir })).code).toBe(0);
    outputs.push(readFileSync(join(dir, 'r.md'), 'utf8'), readFileSync(join(dir, 'r.csv'), 'utf8'));
    expect(outputs.filter((output) => output.includes('pwned') || CONTROLS.test(output))).toEqual([]);
    // The list is laid out on the cleaned text, so its columns line up with the header's.
    const [head, row] = outputs[0]!.split('\n');
    expect(row!.indexOf('2026-11-10 08:00')).toBe(head!.indexOf('started'));
    expect(row!.indexOf('%') + 1).toBe(head!.indexOf('score') + 'score'.length);
    // JSON keeps the data exactly, escaped as JSON escapes it.
    const json = await raw((io) => runHistory({ json: true }, io));
    expect(json).not.toMatch(/\u001b/);
    expect(JSON.parse(json)[0].mode).toBe(session.mode);
  });
});

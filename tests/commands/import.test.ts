// import called in-process: repeated and damaged sessions, store files kept aside, and files it cannot use.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExport } from '../../src/commands/export.js';
import { runHistory } from '../../src/commands/history.js';
import { runImport } from '../../src/commands/import.js';
import { fakeSession } from '../helpers/sessions.js';
import { exportFileOf, run } from '../helpers/run-command.js';
import { journalSessions } from '../helpers/store.js';
import { tempDir, writeTree } from '../helpers/temp.js';

describe('import', () => {
  it('takes an id repeated within the file once, and replaces a damaged stored copy with the good one', async () => {
    const storeDir = tempDir();
    const damaged = { ...fakeSession('s-1', '2026-11-10T08:00:00.000Z'), score: '0.5' };
    writeTree(storeDir, { 'profile-tester.json': JSON.stringify({ schemaVersion: 2, sessions: [damaged], cards: {}, settings: {} }) });
    const file = exportFileOf([
      fakeSession('s-1', '2026-11-10T08:00:00.000Z'),
      fakeSession('dup', '2026-11-11T08:00:00.000Z'),
      fakeSession('dup', '2026-11-11T08:00:00.000Z'),
    ]);
    expect(await run((io) => runImport(file, {}, io), { storeDir })).toMatchObject({
      code: 0,
      stdout: 'Imported 2 sessions into tester; 1 repeated in the file.\n',
    });
    const history = JSON.parse((await run((io) => runHistory({ json: true }, io), { storeDir })).stdout) as Array<{ id: string }>;
    expect(history.map((s) => s.id).sort()).toEqual(['dup', 's-1']);
    expect((await run((io) => runExport({ session: 'dup', format: 'json' }, io), { storeDir })).code).toBe(0);
  });

  it('takes back a store file kept aside (its schemaVersion counts store versions)', async () => {
    const home = tempDir();
    const storeDir = join(home, 'mle-prep');
    const kept = join(tempDir(), 'profile-tester.json.corrupt-x');
    writeFileSync(kept, JSON.stringify({ schemaVersion: 2, sessions: [fakeSession('old', '2026-11-10T08:00:00.000Z')], cards: {}, settings: {} }));
    expect(await run((io) => runImport(kept, {}, io), { storeDir })).toMatchObject({ code: 0, stdout: 'Imported 1 session into tester.\n' });
    expect(journalSessions(home).map((s) => s.id)).toEqual(['old']);
  });

  it('says in one sentence why a file cannot be imported', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'all.csv'), 'session_id,question_id\n1,2\n');
    // A relative path is read from the folder the command runs in, and named as given.
    expect(await run((io) => runImport('all.csv', {}, io), { cwd: dir })).toMatchObject({
      code: 1,
      stderr: 'mle-prep: cannot import all.csv: it is not JSON. Import takes what `mle-prep export --format json` writes.\n',
    });
    expect(await run((io) => runImport(join(dir, 'none.json'), {}, io))).toMatchObject({
      code: 1,
      stderr: `mle-prep: cannot import ${join(dir, 'none.json')}: it does not exist.\n`,
    });
  });
});

// export --all as HTML or CSV reads the sessions one at a time from the journal: the same report as exporting the
// whole history read at once, in the same order, with the same skipped-session warning.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseSessions, runExport } from '../../src/commands/export.js';
import { loadQuestions } from '../../src/services/bank.js';
import { csvChunks } from '../../src/format/export/csv.js';
import { exportHtml } from '../../src/format/export/html.js';
import { ProfileStore } from '../../src/store/profile-store.js';
import { tinyBank } from '../helpers/bank.js';
import { fakeSession } from '../helpers/sessions.js';
import { fakeClock, pipedIO } from '../helpers/command-io.js';
import { tempDir } from '../helpers/temp.js';

let home: string;
let bankDir: string;
beforeAll(() => {
  home = tempDir();
  bankDir = tinyBank();
});

const NOW = new Date('2026-11-27T10:00:00Z');

function fakeIO() {
  return pipedIO(home, { clock: fakeClock(NOW), env: { MLE_PREP_USER: 'streamer' } });
}

describe('export --all, one session at a time', () => {
  it('writes the report that the whole history read at once gives, in the same order', async () => {
    const store = new ProfileStore('streamer', () => undefined, join(home, 'mle-prep'));
    const sessions = [
      fakeSession('c', '2026-11-03T09:00:00.000Z', 3),
      fakeSession('a', '2026-11-01T09:00:00.000Z', 4, (i) => i / 4),
      // Two that started at the same moment, and an id saved twice (the first copy counts).
      fakeSession('b1', '2026-11-02T09:00:00.000Z', 2),
      fakeSession('b2', '2026-11-02T09:00:00.000Z', 5, () => 1),
    ];
    sessions[0]!.results[1]!.topic = 'serving';
    sessions[1]!.results[0]!.status = 'ungraded';
    await store.importSessions(sessions);
    appendFileSync(store.journalPath, `${JSON.stringify({ session: { ...fakeSession('a', '2026-12-01T09:00:00.000Z', 1) } })}\n{"session": {"id": 1}}\n`);

    const { sessions: all } = await store.readSessions();
    const ordered = chooseSessions(
      [...all].sort((x, y) => (x.startedAt < y.startedAt ? 1 : x.startedAt > y.startedAt ? -1 : 0)),
      { all: true },
    );
    expect(ordered.map((s) => s.id)).toEqual(['a', 'b2', 'b1', 'c']);
    const questions = new Map((await loadQuestions({ bundled: false, bank: [bankDir] }, fakeIO().io)).questions.map((q) => [q.id, q]));
    const data = { user: 'streamer', generatedAt: NOW.toISOString(), sessions: ordered, questions, notes: new Map<string, string>() };

    for (const format of ['html', 'csv'] as const) {
      const { io, out } = fakeIO();
      const file = join(home, `report.${format}`);
      expect(await runExport({ all: true, format, output: file, force: true, bundled: false, bank: [bankDir] }, io)).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(format === 'html' ? exportHtml(data) : [...csvChunks(data)].join(''));
      expect(out.stderr).toContain('1 stored session is malformed and skipped');
      expect(out.stderr).toContain(`Wrote 4 sessions as ${format}`);
    }
  });

  it('says so when there is nothing to export', async () => {
    const { io } = fakeIO();
    io.env.MLE_PREP_USER = 'nobody-yet';
    await expect(runExport({ all: true, format: 'html', output: join(home, 'none.html'), bundled: false, bank: [bankDir] }, io)).rejects.toThrow(
      'there are no sessions to export yet',
    );
  });
});

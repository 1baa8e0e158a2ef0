// The HTML export opened in a real browser: it renders, and nothing in a question file or an answer runs.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { exportFile, fakeSession } from '../helpers/sessions.js';
import { tempDir, writeTree } from '../helpers/temp.js';
import { LONG_ANSWER, TINY_TOPICS } from '../helpers/bank.js';

const chromium = ['chromium', 'chromium-browser'].find((bin) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0);
const required = Boolean(process.env.MLE_PREP_REQUIRE_CHROMIUM);
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const HOSTILE = `<script>document.documentElement.setAttribute('data-pwned', 'yes')</script><img src=x onerror="document.documentElement.setAttribute('data-pwned','img')">`;

describe.skipIf(!chromium && !required)('HTML export in headless Chromium', () => {
  it('renders the report and runs nothing from questions or answers', () => {
    if (!chromium) throw new Error('chromium is required here but was not found');
    const home = tempDir();
    const dir = tempDir();
    const bank = writeTree(tempDir(), {
      'topics.yaml': TINY_TOPICS,
      'alpha/evil.md': `---\nid: alpha-question-0\ntopic: alpha\ndifficulty: beginner\ntags: [t]\nkey_points: [States the idea directly, Names the trade-offs, Gives a PSI above 0.2]\n---\nWhat is drift? ${HOSTILE}\n\n## Answer\n${LONG_ANSWER}\n\n${HOSTILE}\n`,
    });
    const session = fakeSession('s1', '2026-11-20T09:00:00.000Z', 4);
    session.results[0] = { ...session.results[0]!, questionId: 'alpha-question-0', topic: 'alpha', answer: `my answer ${HOSTILE}` };
    writeFileSync(join(dir, 's.json'), exportFile([session]));
    expect(runCli(['import', join(dir, 's.json')], { configHome: home }).code).toBe(0);
    const report = join(dir, 'report.html');
    expect(runCli(['export', '--format', 'html', '--output', report, '--bank', bank], { configHome: home }).code).toBe(0);

    const profile = tempDir();
    const dom = spawnSync(chromium, [...FLAGS, `--user-data-dir=${profile}`, '--dump-dom', `file://${report}`], { encoding: 'utf8', timeout: 60_000 });
    expect(dom.stdout).toContain('mle-prep report: tester');
    expect(dom.stdout).toMatch(/<html lang="en">/);
    expect(dom.stdout).not.toMatch(/<html[^>]*data-pwned/);
    expect(dom.stdout).toContain('What is drift? &lt;script&gt;');

    const png = join(dir, 'report.png');
    spawnSync(chromium, [...FLAGS, `--user-data-dir=${profile}`, '--window-size=1000,1400', `--screenshot=${png}`, `file://${report}`], { timeout: 60_000 });
    const image = readFileSync(png);
    expect(image.subarray(1, 4).toString()).toBe('PNG');
    expect(image.length).toBeGreaterThan(20_000);
  }, 120_000);
});

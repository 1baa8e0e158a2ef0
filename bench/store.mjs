// History at scale: `stats`, `history --json` and `export --all` with 10,000 stored sessions; and with 60,000,
// saving one session (it must cost about what it costs in an empty profile) and the everyday reads.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerAndSave, BIN, benchEnv, NODE, report, runOnce, summarize, tempDir, timeInterleaved } from './lib.mjs';

function session(i) {
  const topics = ['mlops', 'serving', 'monitoring', 'ml-fundamentals', 'deep-learning'];
  const started = new Date(Date.UTC(2025, 0, 1) + i * 3_600_000);
  return {
    id: `bench-session-${i}`,
    user: 'bench',
    mode: 'quiz',
    startedAt: started.toISOString(),
    finishedAt: new Date(started.getTime() + 600_000).toISOString(),
    completed: true,
    filters: { count: 10, seed: i },
    score: 0.6,
    results: Array.from({ length: 10 }, (_, j) => ({
      questionId: `${topics[j % 5]}-question-${(i + j) % 40}`,
      topic: topics[j % 5],
      difficulty: ['beginner', 'intermediate', 'advanced'][j % 3],
      type: 'open',
      score: ((i + j) % 5) / 4,
      timeSeconds: 30 + ((i * j) % 200),
      timedOut: (i + j) % 17 === 0,
      status: (i + j) % 17 === 0 ? 'timed-out' : 'answered',
      answer: 'An answer of a typical length, a sentence or two about the question that was asked.',
      keyPointsCovered: [0, 1],
      keyPointsTotal: 4,
    })),
  };
}

export function benchStore(runs, count = 10000) {
  console.log(`\nHistory with ${count.toLocaleString('en')} stored sessions`);
  const home = tempDir();
  try {
    const env = benchEnv(home);
    const file = join(home, 'sessions.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, sessions: Array.from({ length: count }, (_, i) => session(i)) }));
    const imported = runOnce([NODE, BIN, 'import', file], { env });
    console.log(`  import of ${count} sessions: ${imported.ms.toFixed(0)} ms`);
    const out = join(home, 'all.csv');
    const t = timeInterleaved(
      {
        floor: [NODE, '-e', '0'],
        stats: [NODE, BIN, 'stats', '--json'],
        history: [NODE, BIN, 'history', '--json', '--limit', '20'],
        csv: [NODE, BIN, 'export', '--all', '--format', 'csv', '--output', out, '--force'],
        json: [NODE, BIN, 'export', '--all', '--format', 'json', '--output', `${out}.json`, '--force'],
      },
      Math.max(3, Math.floor(runs / 3)),
      1,
      { env },
    );
    report('node -e 0 (floor)', t.floor);
    report('stats --json', t.stats, t.floor);
    report('history --json --limit 20', t.history, t.floor);
    report('export --all --format csv', t.csv, t.floor);
    report('export --all --format json', t.json, t.floor);
    return t;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Saving one session into a 60,000-session profile against saving it into an empty one (target: within 1.2x), by
 * `import` (which checks every stored id) and by a quiz (whose result also waits for "last time"), and `history`,
 * `stats` and `export --last` on the 60,000 sessions.
 */
export async function benchSaveAtScale(runs, count = 60000) {
  console.log(`\nSaving into ${count.toLocaleString('en')} stored sessions`);
  const big = tempDir();
  const empty = tempDir();
  const small = tempDir();
  try {
    const bigEnv = benchEnv(big);
    const emptyEnv = benchEnv(empty);
    const file = join(big, 'sessions.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, sessions: Array.from({ length: count }, (_, i) => session(i)) }));
    const imported = runOnce([NODE, BIN, 'import', file], { env: bigEnv });
    console.log(`  import of ${count} sessions: ${imported.ms.toFixed(0)} ms`);
    // Each save adds a session the profile does not have yet, so every run appends.
    let n = 0;
    const oneSession = (home) => {
      const path = join(home, `one-${n}.json`);
      writeFileSync(path, JSON.stringify({ schemaVersion: 1, sessions: [{ ...session(count + n), id: `bench-extra-${n++}` }] }));
      return path;
    };
    const samples = { empty: [], big: [] };
    const rounds = Math.max(5, runs);
    for (let i = 0; i < rounds + 2; i++) {
      const e = runOnce([NODE, BIN, 'import', oneSession(empty)], { env: emptyEnv });
      const b = runOnce([NODE, BIN, 'import', oneSession(big)], { env: bigEnv });
      if (i >= 2) {
        samples.empty.push(e.ms);
        samples.big.push(b.ms);
      }
    }
    const emptySave = summarize(samples.empty);
    const bigSave = summarize(samples.big);
    report('import one session, empty profile', emptySave);
    report(`import one session, ${count / 1000}k sessions`, bigSave, emptySave, 1.2);
    // A quiz answered at once: its result waits for "last time", and the end saves the session; against a profile of
    // 1,000 sessions on the same questions (the same files to read, with a sixtieth of the history). The first quiz
    // of each profile builds what later ones read.
    const smallEnv = benchEnv(small);
    writeFileSync(join(small, 'sessions.json'), JSON.stringify({ schemaVersion: 1, sessions: Array.from({ length: 1000 }, (_, i) => session(i)) }));
    runOnce([NODE, BIN, 'import', join(small, 'sessions.json')], { env: smallEnv });
    const quiz = { small: { result: [], save: [] }, big: { result: [], save: [] } };
    for (const env of [smallEnv, bigEnv]) await answerAndSave(BIN, env);
    for (let i = 0; i < Math.max(5, Math.floor(runs / 2)); i++) {
      for (const [name, env] of [
        ['small', smallEnv],
        ['big', bigEnv],
      ]) {
        const { result, save } = await answerAndSave(BIN, env);
        quiz[name].result.push(result);
        quiz[name].save.push(save);
      }
    }
    const quizSmall = { result: summarize(quiz.small.result), save: summarize(quiz.small.save) };
    const quizBig = { result: summarize(quiz.big.result), save: summarize(quiz.big.save) };
    report('quiz: answer to result, 1k sessions', quizSmall.result);
    report(`quiz: answer to result, ${count / 1000}k sessions`, quizBig.result, quizSmall.result, 1.2);
    report('quiz: save and summary, 1k sessions', quizSmall.save);
    report(`quiz: save and summary, ${count / 1000}k sessions`, quizBig.save, quizSmall.save, 1.2);
    const out = join(big, 'last.md');
    const t = timeInterleaved(
      {
        floor: [NODE, '-e', '0'],
        history: [NODE, BIN, 'history', '--limit', '20'],
        historyJson: [NODE, BIN, 'history', '--json', '--limit', '20'],
        last: [NODE, BIN, 'export', '--last', '--format', 'md', '--output', out, '--force'],
        lastJson: [NODE, BIN, 'export', '--last', '--format', 'json', '--output', `${out}.json`, '--force'],
        stats: [NODE, BIN, 'stats', '--json'],
      },
      Math.max(3, Math.floor(runs / 4)),
      1,
      { env: bigEnv },
    );
    report('node -e 0 (floor)', t.floor);
    report('history --limit 20', t.history, t.floor);
    report('history --json --limit 20', t.historyJson, t.floor);
    report('export --last --format json', t.lastJson, t.floor);
    report('export --last --format md', t.last, t.floor);
    report('stats --json (reads every session)', t.stats, t.floor);
    return { emptySave, bigSave, quizSmall, quizBig, ...t };
  } finally {
    // Some 250 MB of journal and snapshots: not left behind in the temp folder, even by a failed run.
    for (const dir of [big, empty, small]) rmSync(dir, { recursive: true, force: true });
  }
}

// History at scale: `stats`, `history --json` and `export --all` with 10,000 stored sessions.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, benchEnv, NODE, report, runOnce, tempDir, timeInterleaved } from './lib.mjs';

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
}

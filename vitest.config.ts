import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Test files that replace a module with vi.mock need a module graph of their own.
const MOCKING = ['tests/unit/cache.test.ts'];

// Commands called in-process read XDG folders from the environment: never the user's own store or bank cache.
const home = mkdtempSync(join(tmpdir(), 'mle-prep-vitest-'));

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most end-to-end time is spent waiting on child processes: one worker more than the two cores.
    maxWorkers: 3,
    // Test files share a worker's module cache (no re-import per file); environment stubs are undone after each test.
    isolate: false,
    unstubEnvs: true,
    // Tests never touch the real profile store: every spawned CLI gets its own config home, and in-process commands
    // get their own store folder (TestTerminal) under a temporary XDG home.
    env: { NO_COLOR: '1', MLE_PREP_USER: 'tester', XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') },
    projects: [
      { extends: true, test: { name: 'shared', include: ['tests/**/*.test.ts'], exclude: [...MOCKING, '**/node_modules/**'] } },
      { extends: true, test: { name: 'isolated', include: MOCKING, isolate: true } },
    ],
  },
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Commands called in-process read XDG folders from the environment: never the user's own store or bank cache.
const home = mkdtempSync(join(tmpdir(), 'mle-prep-vitest-'));

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
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
  },
});

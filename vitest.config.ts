import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Tests never touch the real profile store: every spawned CLI gets its own config home.
    env: { NO_COLOR: '1', MLE_PREP_USER: 'tester' },
  },
});

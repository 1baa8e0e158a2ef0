// plan's option bounds, which only the CLI's own option parser checks: the built CLI, spawned.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('plan from the command line', () => {
  it('refuses --minutes-per-day outside 1 to 1440 with one line on stderr and exit 2', () => {
    const bad = runCli(['plan', '--minutes-per-day', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('mle-prep: --minutes-per-day must be a whole number from 1 to 1440.');
  });
});

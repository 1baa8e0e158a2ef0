import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/mle-prep.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment for the CLI: its own config home, no colour, no CI detection. */
export function cliEnv(configHome: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Variables through which the machine running the tests (a CI service, a dumb terminal) would change what the
  // CLI prints: colour detection reads CI, TERM and friends, annotations read GITHUB_ACTIONS.
  for (const name of ['GITHUB_ACTIONS', 'FORCE_COLOR', 'CI', 'CONTINUOUS_INTEGRATION', 'BUILD_NUMBER', 'RUN_ID', 'TEAMCITY_VERSION', 'TF_BUILD', 'COLORTERM']) {
    delete env[name];
  }
  return { ...env, XDG_CONFIG_HOME: configHome, XDG_CACHE_HOME: `${configHome}/.cache`, NO_COLOR: '1', MLE_PREP_USER: 'tester', ...extra };
}

/** Runs the built CLI as a user would (stdin not a TTY). */
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; configHome?: string; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: cliEnv(options.configHome ?? tempDir('mle-prep-home-'), options.env),
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

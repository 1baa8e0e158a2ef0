// Drives the built CLI in a real pseudo-terminal, reading the screen as plain text.
import { spawn, type IPty } from '@lydell/node-pty';
import stripAnsi from 'strip-ansi';
import { BIN, cliEnv, REPO } from './cli.js';

export class Terminal {
  private output = '';
  private exited: Promise<number>;
  readonly pty: IPty;

  constructor(args: string[], configHome: string, env: Record<string, string> = {}) {
    this.pty = spawn(process.execPath, [BIN, ...args], {
      cols: 100,
      rows: 40,
      cwd: REPO,
      env: cliEnv(configHome, env) as Record<string, string>,
    });
    this.pty.onData((data) => {
      this.output += data;
    });
    this.exited = new Promise((resolve) => this.pty.onExit(({ exitCode }) => resolve(exitCode)));
  }

  /** Everything printed so far, without escape sequences. */
  get text(): string {
    return stripAnsi(this.output).replace(/\r/g, '');
  }

  /** Resolves when `pattern` appears after `from` characters of output (so earlier screens do not match). */
  async waitFor(pattern: string | RegExp, timeoutMs = 15_000, from = 0): Promise<number> {
    const started = Date.now();
    for (;;) {
      const text = this.text.slice(from);
      const index = typeof pattern === 'string' ? text.indexOf(pattern) : text.search(pattern);
      if (index !== -1) return from + index;
      if (Date.now() - started > timeoutMs) {
        throw new Error(`timed out waiting for ${String(pattern)}; screen so far:\n${this.text.slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Types text; special keys: '\r' Enter, ' ' Space, '\u001b[B' Down, '\u0003' Ctrl-C. */
  async type(keys: string, pauseMs = 150): Promise<void> {
    this.pty.write(keys);
    await new Promise((r) => setTimeout(r, pauseMs));
  }

  exitCode(timeoutMs = 15_000): Promise<number> {
    return Promise.race([
      this.exited,
      new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`no exit; screen:\n${this.text.slice(-2000)}`)), timeoutMs)),
    ]);
  }
}

// Output to a file or a pipe, written straight to its file descriptor. A command that only prints (`list --json`,
// `--help`, `validate` in CI) then makes no stream for it: making process.stdout or process.stderr loads and builds
// Node's stream stack, a tenth of such a command's start-up. The writes are in order and done when the call returns,
// as Node's own are for files and pipes on Linux. A terminal keeps its stream (prompts draw on it, and on Windows it
// is what writes Unicode and colour to the console), and so does any descriptor whose stream was made.
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';

export type Fd = 1 | 2;

/**
 * What is known of the descriptors, shared by every built file that writes (cli.cjs and the command's own file
 * each carry a copy of this module).
 */
interface Descriptors {
  terminals: Map<number, boolean>;
  /** Descriptors written through their stream: terminals, streams made, and a full non-blocking pipe. */
  streamed: Set<Fd>;
  /** stderr once its reader is gone: what is left to say is dropped, and the run ends with its own exit code. */
  stderrGone: boolean;
}
const shared = globalThis as { [key: symbol]: Descriptors | undefined };
const KEY = Symbol.for('mle-prep.descriptors');
const state: Descriptors = (shared[KEY] ??= { terminals: new Map(), streamed: new Set(), stderrGone: false });

/**
 * Whether a descriptor is a terminal, asked once. In the build, `isatty` answers a file or a pipe from its stat
 * without loading node:tty and the network stack under it (scripts/build.mjs, lazy-builtins).
 */
export function isTerminal(fd: 0 | Fd): boolean {
  let terminal = state.terminals.get(fd);
  if (terminal === undefined) {
    terminal = isatty(fd);
    state.terminals.set(fd, terminal);
  }
  return terminal;
}

/**
 * process.stdout or process.stderr, which from then on takes every write to its descriptor (in order). A reader of
 * stdout that is gone (`mle-prep export | head`) ends the run quietly with the exit code so far.
 */
export function streamOf(fd: Fd): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (!state.streamed.has(fd)) {
    state.streamed.add(fd);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      readerGone(fd);
    });
  }
  return stream;
}

/** stdout's reader gone ends the run with its exit code so far; stderr's, what is left to say is dropped. */
function readerGone(fd: Fd): void {
  if (fd === 1) process.exit(process.exitCode ?? 0);
  state.stderrGone = true;
}

/** Writes all of `text` to `fd` (see readerGone for a reader that is gone). */
export function writeAll(fd: Fd, text: string): void {
  if (fd === 2 && state.stderrGone) return;
  if (state.streamed.has(fd) || isTerminal(fd)) {
    streamOf(fd).write(text);
    return;
  }
  let rest = Buffer.from(text);
  while (rest.length > 0) {
    let written = 0;
    try {
      written = writeSync(fd, rest);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') {
        readerGone(fd);
        return;
      }
      if (code !== 'EAGAIN') throw error;
    }
    if (written === 0) {
      // A pipe left non-blocking by whoever made it, and full: the stream waits for its reader.
      streamOf(fd).write(rest);
      return;
    }
    rest = rest.subarray(written);
  }
}

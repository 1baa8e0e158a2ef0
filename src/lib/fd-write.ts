// Output to a file or a pipe, written straight to its file descriptor. A command that only prints (`list --json`,
// `--help`, `validate` in CI) then makes no stream for it: making process.stdout or process.stderr loads and builds
// Node's stream stack, a tenth of such a command's start-up. The writes are in order and done when the call returns,
// as Node's own are for files and pipes on Linux. A terminal keeps its stream, which prompts draw on.
import { fstatSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';

export type Fd = 1 | 2;

/**
 * Whether a descriptor is a terminal. A file or a pipe is told apart by its stat, without loading node:tty (and the
 * network stack under it), which only a character device is then asked about.
 */
export function isTerminal(fd: 0 | Fd): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return isatty(fd);
}

/** Descriptors whose writes went to the stream after a full non-blocking pipe: they stay there, in order. */
const streamed = new Set<Fd>();
const guarded = new Set<Fd>();

/** process.stdout or process.stderr, which ends the run quietly when its reader is gone (`mle-prep export | head`). */
export function streamOf(fd: Fd): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (!guarded.has(fd)) {
    guarded.add(fd);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return stream;
}

/** Writes all of `text` to `fd`; a reader that is gone (EPIPE) ends the run with the exit code so far. */
export function writeAll(fd: Fd, text: string): void {
  if (streamed.has(fd)) {
    streamOf(fd).write(text);
    return;
  }
  let rest = Buffer.from(text);
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      if (code !== 'EAGAIN') throw error;
      // A pipe left non-blocking by whoever made it, and full: the stream waits for its reader, and takes every
      // later write.
      streamed.add(fd);
      streamOf(fd).write(rest);
      return;
    }
  }
}

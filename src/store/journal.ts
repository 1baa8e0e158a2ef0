// A profile's session journal: JSON Lines, only ever appended to. Each save is one write() of whole lines on a
// descriptor opened with O_APPEND, flushed with fsync before the save reports success, so two savers can never
// overwrite each other, however long either stalls. A crash mid-write leaves at most a torn last line, which
// readers detect and skip; nothing here rewrites or truncates the file.
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { constants } from 'node:fs';

const NEWLINE = 0x0a;
const CHUNK = 1 << 22;

/** One line of the journal: where it starts, where the next one starts, and its bytes without the newline. */
export interface JournalLine {
  offset: number;
  end: number;
  bytes: Buffer;
  /** False for a last line with no newline after it: a save cut off mid-write, or one still being written. */
  complete: boolean;
}

/**
 * Appends `text` (whole lines, each ending in a newline) in one write and flushes it to disk. When the file does
 * not end in a newline (a torn line left by a crash), a newline goes first, so the new lines never join the torn
 * one. `text` may be empty: then only that newline is written, sealing a torn line off.
 */
export function appendLines(path: string, text: string): void {
  const fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 0o644);
  try {
    const size = fstatSync(fd).size;
    let sealed = true;
    if (size > 0) {
      // A positioned read: O_APPEND moves writes to the end, not reads.
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      sealed = last[0] === NEWLINE;
    }
    const body = Buffer.from(sealed ? text : `\n${text}`, 'utf8');
    if (body.length === 0) return;
    const written = writeSync(fd, body);
    // A short write on a regular file means the disk is full or the file too large: the line is torn, and the
    // caller must not count the session as saved.
    if (written !== body.length) throw Object.assign(new Error(`only ${written} of ${body.length} bytes were written`), { code: 'ENOSPC' });
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The journal's lines from byte `from` on, read in chunks so memory does not grow with the history. */
export function* journalLines(path: string, from = 0): Generator<JournalLine> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    let position = from;
    let carry: Buffer = Buffer.alloc(0);
    let carryOffset = from;
    const chunk = Buffer.alloc(CHUNK);
    for (;;) {
      const read = readSync(fd, chunk, 0, CHUNK, position);
      if (read === 0) break;
      position += read;
      const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let start = 0;
      for (let nl = data.indexOf(NEWLINE, start); nl !== -1; nl = data.indexOf(NEWLINE, start)) {
        yield { offset: carryOffset + start, end: carryOffset + nl + 1, bytes: data.subarray(start, nl), complete: true };
        start = nl + 1;
      }
      // Copied: the chunk buffer is reused by the next read.
      carry = Buffer.from(data.subarray(start));
      carryOffset += start;
    }
    if (carry.length) yield { offset: carryOffset, end: carryOffset + carry.length, bytes: carry, complete: false };
  } finally {
    closeSync(fd);
  }
}

/** The bytes of one line at a known place (a session the index points to). */
export function readLineAt(path: string, offset: number, end: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(end - offset);
    const read = readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

import type { SessionRecord } from '../session/types.js';
import stripAnsi from 'strip-ansi';

// C0 controls other than tab and newline, DEL, and C1 controls: a question file must never drive the terminal.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text from a question file or a user, made safe to print: escape sequences removed, other controls dropped. */
export function safeText(text: string): string {
  return stripAnsi(text).replace(CONTROL_CHARACTERS, '');
}

// Any escape sequence: CSI (ESC [ or the 8-bit CSI), OSC (ESC ]) up to its terminator, DCS/PM/APC, or a
// two-character escape.
const ESCAPE_SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[P^_][^\u001b]*(?:\u001b\\)?|\u001b[ -~]?/g;
const COLOUR = /^\u001b\[[0-9;]*m$/;
const ANY_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/**
 * Output bound for a terminal, with only colour (SGR) sequences left: whatever a stored answer or a hand-edited
 * store holds cannot move the cursor, retitle the window or clear the screen.
 */
export function terminalSafe(text: string): string {
  if (!ANY_CONTROL.test(text)) return text;
  return text
    .replace(ESCAPE_SEQUENCE, (sequence) => (COLOUR.test(sequence) ? sequence : ''))
    .replace(/[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]/g, '');
}

/**
 * A stored session with every field a table or a report lays out (id, mode, question ids, topics, levels)
 * made safe to print, before widths are measured: an imported session is a stranger's text.
 */
export function displaySession(session: SessionRecord): SessionRecord {
  return {
    ...session,
    id: safeText(session.id),
    mode: safeText(session.mode) as SessionRecord['mode'],
    results: session.results.map((r) => ({
      ...r,
      questionId: safeText(r.questionId),
      topic: safeText(r.topic),
      difficulty: safeText(r.difficulty) as typeof r.difficulty,
      ...(r.answer !== undefined ? { answer: safeText(r.answer) } : {}),
    })),
  };
}

/**
 * JSON as JSON.stringify writes it, with DEL and the C1 controls written as \u escapes too (JSON.stringify
 * leaves them raw): the data stays exact, and no byte of it can drive a terminal it is printed on.
 */
export function printableJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

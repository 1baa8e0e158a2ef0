import stripAnsi from 'strip-ansi';

// C0 controls other than tab and newline, DEL, and C1 controls: a question file must never drive the terminal.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text from a question file or a user, made safe to print: escape sequences removed, other controls dropped. */
export function safeText(text: string): string {
  return stripAnsi(text).replace(CONTROL_CHARACTERS, '');
}

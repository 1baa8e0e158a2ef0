// Prompts with a live countdown, built on @inquirer/core hooks: the screen re-renders every second and the prompt
// resolves as timed out when its deadline passes, keeping whatever the user had typed or picked.
import { plural } from '../lib/plural.js';
import { createPrompt, isBackspaceKey, isDownKey, isEnterKey, isSpaceKey, isUpKey, useEffect, useKeypress, useRef, useState } from '@inquirer/core';
import type { ChalkInstance } from 'chalk';
import type { Clock as CommandClock } from '../io.js';
import { formatClock } from '../session/timing.js';
import { safeText } from '../format/terminal-text.js';
import { hanging } from '../format/wrap.js';

export interface Countdown {
  /** Clock reading (ms) when the question closes. */
  deadline?: number;
  /** Clock reading (ms) when the whole session ends, shown beside the question's own countdown. */
  sessionDeadline?: number;
  /** Clock reading (ms) when the question's advisory budget ends; after it the display counts the overrun. */
  budgetEnd?: number;
  now: () => number;
  /** The timers the countdown ticks on (the command's clock; the real timers when absent). */
  timers?: Pick<CommandClock, 'setInterval' | 'clearInterval'>;
}

interface PromptBase extends Countdown {
  message: string;
  color: ChalkInstance;
  /** Terminal columns, so long options and hints wrap at word boundaries (80 when unknown). */
  width?: number;
}

const TICK_MS = 200;

const realTimers: NonNullable<Countdown['timers']> = {
  setInterval: (run, ms) => setInterval(run, ms),
  clearInterval: (id) => clearInterval(id as NodeJS.Timeout),
};

interface Clock {
  /** Seconds left on the question (its budget when one is set, else its deadline); negative once over budget. */
  left?: number;
  session?: number;
  budgeted: boolean;
}

/** The clock, re-rendered whenever a displayed second changes; calls onExpire once at the deadline. */
function useCountdown({ deadline, sessionDeadline, budgetEnd, now, timers = realTimers }: Countdown, onExpire: () => void): Clock {
  const read = (): Clock => {
    const t = now();
    const seconds = (until: number) => Math.ceil((until - t) / 1000);
    const shown = budgetEnd ?? deadline;
    return {
      budgeted: budgetEnd !== undefined,
      ...(shown !== undefined ? { left: budgetEnd !== undefined ? seconds(shown) : Math.max(0, seconds(shown)) } : {}),
      ...(sessionDeadline !== undefined ? { session: Math.max(0, seconds(sessionDeadline)) } : {}),
    };
  };
  const [clock, setClock] = useState<Clock>(read);
  const expire = useRef(onExpire);
  expire.current = onExpire;
  useEffect(() => {
    if (deadline === undefined) return undefined;
    const timer = timers.setInterval(() => {
      if (now() >= deadline) {
        timers.clearInterval(timer);
        expire.current();
        return;
      }
      const next = read();
      setClock((prev) => (prev.left === next.left && prev.session === next.session ? prev : next));
    }, TICK_MS);
    return () => timers.clearInterval(timer);
  }, [deadline]);
  return clock;
}

function formatCountdown(color: ChalkInstance, { left, session, budgeted }: Clock): string {
  if (left === undefined) return '';
  const sessionPart = session !== undefined ? color.dim(` · interview ${formatClock(session)} left`) : '';
  if (budgeted && left < 0) return ` ${color.red.bold(`⏱ ${formatClock(-left)} over budget`)}${sessionPart}`;
  const paint = left <= 10 ? color.red.bold : left <= 30 ? color.yellow : color.cyan;
  return ` ${paint(`⏱ ${formatClock(left)}${budgeted ? ' for this one' : ''}`)}${sessionPart}`;
}

export interface TextResult {
  text: string;
  timedOut: boolean;
  /** The user asked for their editor (Ctrl-E): reopen the prompt with the edited text, on the same clock. */
  edit?: boolean;
  /** Hints revealed so far. */
  hintsUsed: number;
}

interface TextConfig extends PromptBase {
  hint?: string;
  /** Text already written (after the editor closed), the last line editable. */
  initial?: string;
  /** Nudges revealed one at a time with Tab. */
  hints?: readonly string[];
  /** Hints already revealed before this prompt opened. */
  hintsShown?: number;
}

/** A line longer than this many columns is broken at its last space, so typed text wraps at word boundaries. */
const wrapAt = (width: number) => Math.max(20, Math.min(width, 100) - 4);

/**
 * Free-text answer; Enter submits (an empty answer is allowed: "I don't know" is an honest answer). Alt-Enter or
 * Ctrl-J starts a new line, a pasted block keeps its line breaks, Ctrl-E hands the text to the user's editor, and
 * Tab reveals the next hint. Long lines wrap at word boundaries as they are typed.
 */
export const timedText = createPrompt<TextResult, TextConfig>((config, done) => {
  const [status, setStatus] = useState<'idle' | 'done' | 'timed-out'>('idle');
  const [value, setValue] = useState('');
  const [earlier, setEarlier] = useState<readonly string[]>([]);
  const [hintsShown, setHintsShown] = useState(config.hintsShown ?? 0);
  // Refs, not state: a paste arrives as a burst of key presses, faster than renders. Each finished line keeps what
  // joined it to the next: a newline, or a space where a long line was wrapped.
  const lines = useRef<Array<{ text: string; join: '\n' | ' ' }>>([]);
  const current = useRef('');
  const pasting = useRef(false);
  const hintCount = useRef(config.hintsShown ?? 0);
  const editing = useRef(false);
  const answer = () => lines.current.map((l) => l.text + l.join).join('') + current.current;
  const finish = (result: Omit<TextResult, 'hintsUsed'>) => {
    setStatus(result.timedOut ? 'timed-out' : 'done');
    done({ ...result, hintsUsed: hintCount.current });
  };
  const clock = useCountdown(config, () => finish({ text: answer(), timedOut: true }));
  const c = config.color;
  const width = config.width ?? 80;

  useEffect((rl) => {
    if (!config.initial) return;
    const all = config.initial.split('\n');
    lines.current = all.slice(0, -1).map((text) => ({ text, join: '\n' as const }));
    setEarlier(lines.current.map((l) => l.text));
    // Written into the readline so it can be edited; this effect runs before the key handler listens.
    const last = all.at(-1) ?? '';
    rl.write(last);
    current.current = last;
    setValue(last);
  }, []);

  const newLine = (join: '\n' | ' ', text: string, rest: string, rl: { line: string; cursor: number }) => {
    lines.current = [...lines.current, { text, join }];
    current.current = rest;
    // The readline's own line is what the user edits next.
    rl.line = rest;
    rl.cursor = rest.length;
    setEarlier(lines.current.map((l) => l.text));
    setValue(rest);
  };

  useKeypress((event, readline) => {
    if (status !== 'idle') return;
    // Node's readline and keypress events carry more than @inquirer/core's types say: the cursor, Alt, the bytes.
    const key = event as typeof event & { meta?: boolean; sequence?: string };
    const rl = readline as typeof readline & { cursor: number };
    if (key.name === 'paste-start' || key.name === 'paste-end') {
      pasting.current = key.name === 'paste-start';
      return;
    }
    // Alt-Enter arrives as ESC + CR, Ctrl-J as a bare LF; Enter itself is CR.
    const lineBreak = pasting.current || key.meta === true || (key.name === 'enter' && key.sequence === '\n');
    if (isEnterKey(key)) {
      if (!lineBreak) return finish({ text: answer(), timedOut: false });
      return newLine('\n', current.current, '', rl);
    }
    if (key.ctrl && key.name === 'e') {
      editing.current = true;
      return finish({ text: answer(), timedOut: false, edit: true });
    }
    if (key.name === 'tab') {
      rl.line = current.current;
      rl.cursor = current.current.length;
      if (hintCount.current < (config.hints?.length ?? 0)) {
        hintCount.current++;
        setHintsShown(hintCount.current);
      }
      return undefined;
    }
    // Backspace on an empty line takes the user back to the end of the line before it.
    if (isBackspaceKey(key) && current.current === '' && rl.line === '' && lines.current.length > 0) {
      const text = lines.current.at(-1)!.text;
      lines.current = lines.current.slice(0, -1);
      rl.line = text;
      rl.cursor = text.length;
      current.current = text;
      setEarlier(lines.current.map((l) => l.text));
      setValue(text);
      return undefined;
    }
    current.current = rl.line;
    // Typed past the edge: the words before the last space move up as a finished line.
    const limit = wrapAt(width);
    if (!pasting.current && rl.line.length > limit && rl.cursor === rl.line.length) {
      const cut = rl.line.lastIndexOf(' ', limit);
      if (cut > 0) return newLine(' ', rl.line.slice(0, cut), rl.line.slice(cut + 1), rl);
    }
    setValue(rl.line);
    return undefined;
  });

  const hints = (config.hints ?? []).slice(0, hintsShown).map((h, i) => c.yellow(hanging(`Hint ${i + 1}: ${safeText(h)}`, 2, { width })));
  // Handing over to the editor leaves no echo: the same prompt opens again when it closes.
  if (status === 'done' && editing.current) return '';
  if (status !== 'idle') {
    const text = answer();
    // The echo keeps a long answer to its first line and a count, so the question stays on screen.
    const [first = '', ...rest] = text.split('\n');
    const more = rest.length ? c.dim(` (+${plural(rest.length, 'more line')})`) : '';
    const shown = text.trim() === '' ? c.dim('(no answer)') : `${safeText(first)}${more}`;
    const hinted = hintCount.current ? c.yellow(` · ${plural(hintCount.current, 'hint')}`) : '';
    // A neutral mark: a tick here would read as "correct". The line after a timeout says that time ran out.
    const echo = `${status === 'timed-out' ? c.red('⏰') : c.cyan('›')} ${c.bold(config.message)} ${shown}${hinted}`;
    return hanging(echo, 2, { width });
  }
  const left = (config.hints?.length ?? 0) - hintsShown;
  const keys = [config.hint, 'Alt-Enter new line · Ctrl-E editor', left > 0 ? `Tab hint (${left} left)` : ''].filter(Boolean).join(' · ');
  const help = c.dim(hanging(keys, 0, { width }));
  const before = earlier.map((line) => `${c.dim('┆')} ${safeText(line)}\n`).join('');
  const hintBlock = hints.length ? `${hints.join('\n')}\n` : '';
  return [`${hintBlock}${c.cyan('?')} ${c.bold(config.message)}${formatCountdown(c, clock)}\n${before}${c.cyan('›')} ${safeText(value)}`, help];
});

export interface ChoiceResult {
  picked: number[];
  timedOut: boolean;
}

interface ChoiceConfig extends PromptBase {
  choices: readonly string[];
  /** Several options may be right: Space toggles, Enter submits. */
  multiple: boolean;
}

/** A multiple-choice pick with arrow keys or letters. */
export const timedChoice = createPrompt<ChoiceResult, ChoiceConfig>((config, done) => {
  const count = config.choices.length;
  const [status, setStatus] = useState<'idle' | 'done' | 'timed-out'>('idle');
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<readonly number[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);
  const latest = useRef<readonly number[]>([]);
  const finish = (result: ChoiceResult) => {
    setStatus(result.timedOut ? 'timed-out' : 'done');
    done(result);
  };
  const clock = useCountdown(config, () => finish({ picked: [...latest.current], timedOut: true }));
  const c = config.color;

  const toggle = (index: number) => {
    const next = selected.includes(index) ? selected.filter((i) => i !== index) : [...selected, index].sort((a, b) => a - b);
    latest.current = next;
    setSelected(next);
    setError(undefined);
  };

  useKeypress((key) => {
    if (status !== 'idle') return;
    if (isEnterKey(key)) {
      if (!config.multiple) return finish({ picked: [active], timedOut: false });
      if (selected.length === 0) return setError('Pick at least one option (Space or its letter), then press Enter.');
      return finish({ picked: [...selected], timedOut: false });
    }
    if (isUpKey(key)) return setActive((active - 1 + count) % count);
    if (isDownKey(key)) return setActive((active + 1) % count);
    if (config.multiple && isSpaceKey(key)) return toggle(active);
    if (config.multiple && isBackspaceKey(key)) return undefined;
    const letter = key.name?.length === 1 ? key.name.toLowerCase().charCodeAt(0) - 97 : -1;
    if (letter >= 0 && letter < count) {
      setActive(letter);
      if (config.multiple) toggle(letter);
      else latest.current = [letter];
    }
    return undefined;
  });

  const letterOf = (i: number) => String.fromCharCode(65 + i);
  if (status !== 'idle') {
    const picks = status === 'timed-out' ? latest.current : config.multiple ? selected : [active];
    return `${status === 'timed-out' ? c.red('⏰') : c.cyan('›')} ${c.bold(config.message)} ${picks.length ? picks.map(letterOf).join(', ') : c.dim('(none)')}`;
  }
  const view = { width: config.width ?? 80 };
  const lines = config.choices.map((text, i) => {
    const cursor = i === active ? c.cyan('❯') : ' ';
    const box = config.multiple ? (selected.includes(i) ? c.green('◉ ') : '◯ ') : '';
    // A long option continues under its own text: past the cursor, the box and the letter.
    const label = hanging(`${letterOf(i)}. ${safeText(text)}`, config.multiple ? 7 : 5, view);
    return `${cursor} ${box}${i === active ? c.cyan(label) : label}`;
  });
  const help = config.multiple ? '↑↓ move · Space or letter to toggle · Enter to submit' : '↑↓ or a letter to choose · Enter to answer';
  const bottom = [error ? c.red(hanging(error, 0, view)) : '', c.dim(hanging(help, 0, view))].filter(Boolean).join('\n');
  return [`${c.cyan('?')} ${c.bold(config.message)}${formatCountdown(c, clock)}\n${lines.join('\n')}`, bottom];
});

export type PauseAction = 'next' | 'note';

interface PauseConfig {
  message: string;
  /** Shown after the keys. */
  after?: string;
  color: ChalkInstance;
  width?: number;
  flagged: boolean;
  hasNote: boolean;
  /** Called at once when f toggles the flag, so a flag set just before Ctrl-C is kept. */
  onFlag(flagged: boolean): void;
}

/**
 * Waits for Enter, so a long model answer can be read before the next question. Meanwhile f flags the question
 * (for `quiz --flagged`) and n resolves with 'note' so the caller can ask for a note.
 */
export const pauseForNext = createPrompt<PauseAction, PauseConfig>((config, done) => {
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [flagged, setFlagged] = useState(config.flagged);
  useKeypress((key) => {
    if (status !== 'idle') return;
    if (isEnterKey(key)) {
      setStatus('done');
      done('next');
    } else if (key.name === 'f') {
      setFlagged(!flagged);
      config.onFlag(!flagged);
    } else if (key.name === 'n') {
      setStatus('done');
      done('note');
    }
  });
  if (status === 'done') return '';
  const c = config.color;
  const keys = `f ${flagged ? 'unflag' : 'flag'} · n ${config.hasNote ? 'edit the note' : 'add a note'}`;
  const text = `${flagged ? c.yellow('⚑ flagged · ') : ''}${c.dim(`${config.message} · ${keys}${config.after ?? ''}`)}`;
  return hanging(text, 0, { width: config.width ?? 80 });
});

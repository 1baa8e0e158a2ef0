// Prompts with a live countdown, built on @inquirer/core hooks: the screen re-renders every second and the prompt
// resolves as timed out when its deadline passes, keeping whatever the user had typed or picked.
import {
  createPrompt,
  isBackspaceKey,
  isDownKey,
  isEnterKey,
  isSpaceKey,
  isUpKey,
  useEffect,
  useKeypress,
  useRef,
  useState,
} from '@inquirer/core';
import type { ChalkInstance } from 'chalk';
import { formatClock } from '../session/timing.js';
import { safeText } from './terminal-text.js';

export interface Countdown {
  /** Clock reading (ms) when the question closes. */
  deadline?: number;
  /** Clock reading (ms) when the whole session ends, shown beside the question's own countdown. */
  sessionDeadline?: number;
  now: () => number;
}

interface PromptBase extends Countdown {
  message: string;
  color: ChalkInstance;
}

const TICK_MS = 200;

/** Seconds left, re-rendered whenever the displayed second changes; calls onExpire once at the deadline. */
function useCountdown({ deadline, sessionDeadline, now }: Countdown, onExpire: () => void): { left?: number; session?: number } {
  const secondsLeft = (until: number | undefined) => (until === undefined ? undefined : Math.max(0, Math.ceil((until - now()) / 1000)));
  const [left, setLeft] = useState(secondsLeft(deadline));
  const [session, setSession] = useState(secondsLeft(sessionDeadline));
  const expire = useRef(onExpire);
  expire.current = onExpire;
  useEffect(() => {
    if (deadline === undefined) return undefined;
    const timer = setInterval(() => {
      if (now() >= deadline) {
        clearInterval(timer);
        expire.current();
        return;
      }
      setLeft(secondsLeft(deadline));
      setSession(secondsLeft(sessionDeadline));
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [deadline]);
  return { left, session };
}

function formatCountdown(color: ChalkInstance, left: number | undefined, session: number | undefined): string {
  if (left === undefined) return '';
  const paint = left <= 10 ? color.red.bold : left <= 30 ? color.yellow : color.cyan;
  const sessionPart = session !== undefined ? color.dim(` · interview ${formatClock(session)} left`) : '';
  return ` ${paint(`⏱ ${formatClock(left)}`)}${sessionPart}`;
}

export interface TextResult {
  text: string;
  timedOut: boolean;
}

/** Free-text answer; Enter submits (an empty answer is allowed: "I don't know" is an honest answer). */
export const timedText = createPrompt<TextResult, PromptBase & { hint?: string }>((config, done) => {
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [value, setValue] = useState('');
  const latest = useRef('');
  const finish = (result: TextResult) => {
    setStatus('done');
    done(result);
  };
  const { left, session } = useCountdown(config, () => finish({ text: latest.current, timedOut: true }));
  const c = config.color;

  useKeypress((key, rl) => {
    if (status !== 'idle') return;
    if (isEnterKey(key)) {
      finish({ text: value, timedOut: false });
      return;
    }
    latest.current = rl.line;
    setValue(rl.line);
  });

  if (status === 'done') {
    const shown = value.trim() === '' ? c.dim('(no answer)') : safeText(value);
    return `${c.green('✔')} ${c.bold(config.message)} ${shown}`;
  }
  const hint = config.hint ? `\n${c.dim(config.hint)}` : '';
  return [`${c.cyan('?')} ${c.bold(config.message)}${formatCountdown(c, left, session)}\n${c.cyan('›')} ${safeText(value)}`, hint.trimStart()];
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
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<readonly number[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);
  const latest = useRef<readonly number[]>([]);
  const finish = (result: ChoiceResult) => {
    setStatus('done');
    done(result);
  };
  const { left, session } = useCountdown(config, () => finish({ picked: [...latest.current], timedOut: true }));
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
  if (status === 'done') {
    const picks = config.multiple ? selected : [active];
    return `${c.green('✔')} ${c.bold(config.message)} ${picks.length ? picks.map(letterOf).join(', ') : c.dim('(none)')}`;
  }
  const lines = config.choices.map((text, i) => {
    const cursor = i === active ? c.cyan('❯') : ' ';
    const box = config.multiple ? (selected.includes(i) ? c.green('◉ ') : '◯ ') : '';
    const label = `${letterOf(i)}. ${safeText(text)}`;
    return `${cursor} ${box}${i === active ? c.cyan(label) : label}`;
  });
  const help = config.multiple
    ? '↑↓ move · Space or letter to toggle · Enter to submit (choose all that apply)'
    : '↑↓ or a letter to choose · Enter to answer';
  const bottom = [error ? c.red(error) : '', c.dim(help)].filter(Boolean).join('\n');
  return [`${c.cyan('?')} ${c.bold(config.message)}${formatCountdown(c, left, session)}\n${lines.join('\n')}`, bottom];
});

/** Waits for Enter, so a long model answer can be read before the next question. */
export const pressEnter = createPrompt<void, { message: string; color: ChalkInstance }>((config, done) => {
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  useKeypress((key) => {
    if (status === 'idle' && isEnterKey(key)) {
      setStatus('done');
      done();
    }
  });
  return status === 'done' ? '' : config.color.dim(config.message);
});

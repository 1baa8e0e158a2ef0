import { EXIT, UsageError } from '../errors.js';
import { warnTo, type CommandIO } from '../io.js';
import { buildReviewQueue, DEFAULT_NEW_PER_DAY } from '../review/queue.js';
import { filterProblems, matchesFilter } from '../session/select.js';
import { timeLimitFor } from '../session/timing.js';
import { ProfileStore } from '../store/profile-store.js';
import { newPerDaySetting } from '../store/schema.js';
import { resolveUser } from '../store/user.js';
import { hanging } from '../ui/wrap.js';
import { plural } from '../ui/plural.js';
import { loadQuestions, type BankSelection } from './load-questions.js';
import { requireInteractiveTerminal, runInteractiveSession } from './quiz.js';

export interface ReviewOptions extends BankSelection {
  limit?: number;
  new?: number;
  topic?: string[];
  timer?: boolean;
  user?: string;
}

function whenText(iso: string, now: Date): string {
  const hours = (Date.parse(iso) - now.getTime()) / 3_600_000;
  const local = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  const at = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}`;
  return hours < 48 ? `${at} (in ${Math.max(1, Math.round(hours))} h)` : `${at} (in ${Math.round(hours / 24)} days)`;
}

export async function runReview(options: ReviewOptions, io: CommandIO): Promise<number> {
  requireInteractiveTerminal('review');
  const user = resolveUser(options.user, io.env);
  const bank = await loadQuestions(options, io);
  const filter = options.topic ? { topics: options.topic } : {};
  const problems = filterProblems(filter, bank.topics);
  if (problems.length) throw new UsageError(problems.join(' '));
  const store = new ProfileStore(user, warnTo(io));
  await store.checkWritable();
  const cards = await store.readSchedule();
  const meta = await store.readProfileMeta();
  const now = io.now();
  const questions = bank.questions.filter((q) => matchesFilter(q, filter));
  const queue = buildReviewQueue(questions, cards, now, {
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    newPerDay: options.new ?? newPerDaySetting(meta.settings) ?? DEFAULT_NEW_PER_DAY,
  });
  const c = io.stdout.color;
  if (queue.damaged.length) {
    warnTo(io)(`the saved review schedule of ${queue.damaged.join(', ')} is damaged; ${queue.damaged.length === 1 ? 'it starts' : 'they start'} fresh.`);
  }
  const title = `${c.bold('mle-prep review')} · ${user} · ${queue.dueNow} due now · ${queue.dueTomorrow} more by tomorrow night · ${queue.newLeftToday} new left today`;
  io.stdout.write(`${hanging(title, 2, { width: io.stdout.columns })}\n`);
  const picked = [...queue.due, ...queue.fresh];
  if (picked.length === 0) {
    const next = queue.nextDue ? ` The next card is due ${whenText(queue.nextDue, now)}.` : '';
    const newNote = queue.newLeftToday === 0 ? ' You have met today\'s new-question limit (--new raises it).' : '';
    const text = `Nothing to review right now.${next}${newNote} Extra practice that leaves the schedule alone: mle-prep quiz --cram`;
    io.stdout.write(`${hanging(text, 0, { width: io.stdout.columns })}\n`);
    return EXIT.ok;
  }
  const plan = [queue.due.length && plural(queue.due.length, 'due card'), queue.fresh.length && plural(queue.fresh.length, 'new question')];
  io.stdout.write(c.dim(`This session: ${plan.filter(Boolean).join(', then ')}.\n`));
  const timing = { timer: options.timer !== false };
  return runInteractiveSession(
    {
      mode: 'review',
      user,
      filters: { ...filter, count: picked.length, ...timing },
      store,
      updateSchedule: true,
      plan: { questions: picked, limitFor: (q) => timeLimitFor(q, timing) },
    },
    io,
  );
}

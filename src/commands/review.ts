import { openProfile } from '../services/profile.js';
import type { Question } from '../bank/types.js';
import { EXIT } from '../errors.js';
import { warnTo, type CommandIO } from '../io.js';
import { buildReviewQueue, cardsOf, DEFAULT_NEW_PER_DAY } from '../review/queue.js';
import { buildStudyPlan, daysBetween, localCalendar } from '../plan/interview.js';
import { dayLabel, daysLeftText } from '../format/plan-text.js';
import { matchesFilter } from '../session/select.js';
import { timeLimitFor } from '../session/timing.js';
import type { ProfileStore } from '../store/profile-store.js';
import { newPerDaySetting } from '../store/schema.js';
import type { ProfileView } from '../store/profile-store.js';
import type { ResultRecord } from '../session/types.js';
import { lastResults } from '../session/weak.js';
import { annotationsOf, planSettings, type PlanSettings } from '../store/settings.js';
import { resolveUser } from '../store/user.js';
import { hanging, suggestCommand } from '../format/wrap.js';
import { plural } from '../lib/plural.js';
import { checkedFilter } from '../services/filters.js';
import { loadQuestionsToChoose, type BankSelection, type LexedLookup } from '../services/bank.js';
import { planInputFor } from '../services/plan-input.js';
import { aiFor, latestInBackground, requireInteractiveTerminal, runInteractiveSession, type InteractiveSession } from '../services/practice.js';

export interface ReviewOptions extends BankSelection {
  limit?: number;
  new?: number;
  topic?: string[];
  timer?: boolean;
  user?: string;
  ai?: boolean;
}

function whenText(iso: string, now: Date): string {
  const hours = (Date.parse(iso) - now.getTime()) / 3_600_000;
  const local = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  const at = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}`;
  return hours < 48 ? `${at} (in ${Math.max(1, Math.round(hours))} h)` : `${at} (in ${Math.round(hours / 24)} days)`;
}

export async function runReview(options: ReviewOptions, io: CommandIO): Promise<number> {
  requireInteractiveTerminal(io, 'review');
  const user = resolveUser(options.user, io.env);
  // The bank without question text: the queue needs ids and topics, and only the questions asked are read.
  const bank = await loadQuestionsToChoose(options, io);
  checkedFilter({ ...(options.topic ? { topic: options.topic } : {}) }, bank.topics);
  const filter = options.topic ? { topics: options.topic } : {};
  const store = openProfile(user, io);
  await store.checkWritable();
  const { settings } = await store.readProfileMeta();
  const now = io.now();
  const questions = bank.questions.filter((q) => matchesFilter(q, filter));
  const interview = planSettings(settings);
  if (interview) {
    const daysLeft = daysBetween(localCalendar.dayOf(now), interview.interview);
    // The plan weighs topics by the whole history, so it is read first.
    if (daysLeft > 0)
      return reviewByPlan(options, io, {
        user,
        store,
        data: await store.readView(),
        questions: await bank.whole(),
        lexed: bank.lexed,
        plan: interview,
        filter,
        now,
      });
    const text =
      daysLeft === 0
        ? `Your interview is today (${dayLabel(interview.interview)}): the normal review schedule. Good luck!`
        : `Your interview on ${dayLabel(interview.interview)} was ${daysLeftText(daysLeft)}: back to the normal review schedule. \`mle-prep plan --clear\` removes the date.`;
    io.stdout.write(`${hanging(text, 0, { width: io.stdout.columns })}\n`);
  }
  // The queue needs only the schedule and the settings; the latest results are read while the first question is on
  // screen.
  const data: ProfileView = { sessions: [], skipped: 0, cards: await store.readSchedule(), settings };
  const queue = buildReviewQueue(questions, data.cards, now, {
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    newPerDay: newPerDaySetting(data.settings) ?? DEFAULT_NEW_PER_DAY,
    ...(options.new !== undefined ? { extraNew: options.new } : {}),
  });
  const c = io.stdout.color;
  if (queue.damaged.length) {
    warnTo(io)(`the saved review schedule of ${queue.damaged.join(', ')} is damaged; ${queue.damaged.length === 1 ? 'it starts' : 'they start'} fresh.`);
  }
  const title = `${c.bold('mle-prep review')} · ${user} · ${queue.dueNow} due now · ${queue.dueTomorrow} more by tomorrow night · ${options.new !== undefined ? `${queue.newLeftToday} new now` : `${queue.newLeftToday} new left today`}`;
  io.stdout.write(`${hanging(title, 2, { width: io.stdout.columns })}\n`);
  const chosen = [...queue.due, ...queue.fresh];
  if (chosen.length === 0) {
    const next = queue.nextDue ? ` The next card is due ${whenText(queue.nextDue, now)}.` : '';
    const newNote =
      queue.newLeftToday === 0 && options.new === undefined
        ? ` You have met today's new-question limit; ${suggestCommand('mle-prep review --new 5', options.user && user)} asks 5 more now.`
        : '';
    const text = `Nothing to review right now.${next}${newNote} Extra practice that leaves the schedule alone: ${suggestCommand('mle-prep quiz --cram', options.user && user)}`;
    io.stdout.write(`${hanging(text, 0, { width: io.stdout.columns })}\n`);
    return EXIT.ok;
  }
  // Read before the plan is told: a bank cache replaced under this run may drop a question that is gone.
  const picked = await bank.read(chosen);
  const dueIds = new Set(queue.due.map((q) => q.id));
  const due = picked.filter((q) => dueIds.has(q.id)).length;
  const plan = [due && plural(due, 'due card'), picked.length - due && plural(picked.length - due, 'new question')];
  io.stdout.write(c.dim(`This session: ${plan.filter(Boolean).join(', then ')}.\n`));
  return runReviewSession(options, io, { user, store, data, filter, questions: bank.whole, lexed: bank.lexed, latest: latestInBackground(user, io) }, picked);
}

function runReviewSession(
  options: ReviewOptions,
  io: CommandIO,
  {
    user,
    store,
    data,
    filter,
    questions,
    lexed,
    latest,
  }: Pick<PlanContext, 'user' | 'store' | 'data' | 'filter' | 'lexed'> & {
    /** The whole bank, or how to read it (while the first question is on screen) for the key-point suggestions. */
    questions: InteractiveSession['bank'];
    latest?: Promise<ReadonlyMap<string, ResultRecord>>;
  },
  picked: Question[],
): Promise<number> {
  const timing = { timer: options.timer !== false };
  return runInteractiveSession(
    {
      mode: 'review',
      user,
      filters: { ...filter, count: picked.length, ...timing },
      store,
      bank: questions,
      lexed,
      latest: latest ?? lastResults(data.sessions),
      ...(options.user ? { userFlag: user } : {}),
      updateSchedule: true,
      plan: { questions: picked, limitFor: (q) => timeLimitFor(q, timing) },
      annotations: annotationsOf(data.settings),
      ...aiFor(options, data.settings, io.env),
    },
    io,
  );
}

interface PlanContext {
  user: string;
  store: ProfileStore;
  data: ProfileView;
  /** The whole bank: the plan is the profile's, whatever --topic narrows this session to. */
  questions: readonly Question[];
  /** Their Markdown already lexed, when the bank has it. */
  lexed?: LexedLookup | undefined;
  plan: PlanSettings;
  filter: { topics?: string[] };
  now: Date;
}

/**
 * Before the interview, today's session is today's part of the plan: the reviews due by tonight, the final pass
 * (reviews pulled forward in the last days) and the plan's new questions. --new and --limit still cap it.
 */
async function reviewByPlan(options: ReviewOptions, io: CommandIO, context: PlanContext): Promise<number> {
  const { user, questions, now } = context;
  const study = buildStudyPlan(planInputFor(context.data, questions, context.plan, now));
  const today = study.days[0]!;
  const { damaged } = cardsOf(questions, context.data.cards);
  if (damaged.length) warnTo(io)(`the saved review schedule of ${damaged.join(', ')} is damaged; ${damaged.length === 1 ? 'it counts' : 'they count'} as new.`);
  const byId = new Map(questions.filter((q) => matchesFilter(q, context.filter)).map((q) => [q.id, q]));
  const take = (ids: string[]) => ids.flatMap((id) => byId.get(id) ?? []);
  const limit = options.limit ?? Infinity;
  const reviews = take([...today.reviews, ...today.finalPass]).slice(0, limit);
  const fresh = take(today.fresh).slice(0, Math.min(options.new ?? Infinity, limit - reviews.length));
  const c = io.stdout.color;
  const view = { width: io.stdout.columns };
  const title = `${c.bold('mle-prep review')} · ${user} · interview ${dayLabel(study.interview)} (${daysLeftText(study.daysLeft)}) · today's plan: ${[
    plural(today.reviews.length, 'review'),
    today.finalPass.length ? `${today.finalPass.length} final pass` : '',
    `${today.fresh.length} new`,
  ]
    .filter(Boolean)
    .join(', ')} · about ${Math.round(today.minutes)} min`;
  io.stdout.write(`${hanging(title, 2, view)}\n`);
  const picked = [...reviews, ...fresh];
  if (picked.length === 0) {
    const tomorrow = study.days[1];
    const next = tomorrow ? ` Tomorrow: ${plural(tomorrow.reviews.length + tomorrow.finalPass.length, 'review')} and ${tomorrow.fresh.length} new.` : '';
    io.stdout.write(`${hanging(`Today's plan is done.${next} Extra practice that leaves the schedule alone: mle-prep quiz --cram`, 0, view)}\n`);
    return EXIT.ok;
  }
  if (study.leftOut.count)
    io.stdout.write(c.dim(`${hanging(`The plan leaves ${study.leftOut.count} questions out; \`mle-prep plan\` says which.`, 0, view)}\n`));
  return runReviewSession(options, io, context, picked);
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

import { plural } from '../lib/plural.js';
import { openProfile } from '../services/profile.js';
import type { Question } from '../bank/types.js';
import { CliError } from '../errors.js';
import type { CommandIO } from '../io.js';
import { budgetShare, DEFAULT_MIX, parseMix, pickMockQuestions } from '../mock/plan.js';
import { formatMockFeedback } from '../format/mock-feedback.js';
import { studyNext } from '../mock/feedback.js';
import { newSeed } from '../session/random.js';
import { timeLimitFor } from '../session/timing.js';
import { hanging } from '../format/wrap.js';
import { annotationsOf } from '../store/settings.js';
import { resolveUser } from '../store/user.js';
import { loadQuestionsToChoose, type BankSelection } from '../services/bank.js';
import { aiFor, latestInBackground, requireInteractiveTerminal, runInteractiveSession } from '../services/practice.js';

export interface MockOptions extends BankSelection {
  minutes?: number;
  seed?: number;
  mix?: string;
  user?: string;
  ai?: boolean;
}

export async function runMock(options: MockOptions, io: CommandIO): Promise<number> {
  requireInteractiveTerminal(io, 'the mock interview');
  const user = resolveUser(options.user, io.env);
  // The bank without question text: the mix needs ids, topics and tags, and only the questions asked are read.
  const bank = await loadQuestionsToChoose(options, io);
  const mix = parseMix(
    options.mix ?? DEFAULT_MIX,
    bank.topics.map((t) => t.id),
  );
  const seed = options.seed ?? newSeed();
  const questions = await bank.read(pickMockQuestions(bank.questions, mix, seed));
  if (questions.length === 0) throw new CliError('no questions fit the interview mix; check --mix against `mle-prep list`.');
  const wanted = mix.reduce((n, slot) => n + slot.count, 0);
  const store = openProfile(user, io);
  await store.checkWritable();
  const { settings } = await store.readProfileMeta();

  const minutes = options.minutes ?? 45;
  const weights = questions.map((q) => timeLimitFor(q, {})!);
  const c = io.stdout.color;
  io.stdout.write(
    `${hanging(
      `${c.bold('mle-prep mock interview')} · ${minutes} min · ${plural(questions.length, 'question')}` +
        `${questions.length < wanted ? ` (the bank had only ${questions.length} of ${wanted})` : ''} · ${user} · seed ${seed}`,
      2,
      { width: io.stdout.columns },
    )}\n` +
      c.dim(
        `${hanging(
          'One clock for the whole interview. Each question shows a budget (its share of the time left); you may run ' +
            'over it, at the cost of later questions. When the interview clock runs out, the rest are not reached. ' +
            'Model answers and grading come after the last question, as after a real interview.',
          0,
          { width: io.stdout.columns },
        )}\n`,
      ),
  );
  const start = io.clock.now();
  const sessionDeadline = start + minutes * 60_000;
  // Advice and feedback concern the questions asked.
  const byId = new Map<string, Question>(questions.map((q) => [q.id, q]));
  return runInteractiveSession(
    {
      mode: 'mock',
      user,
      filters: { minutes, seed, count: questions.length, ...(options.mix ? { topics: [...new Set(mix.flatMap((s) => s.topics))] } : {}) },
      store,
      updateSchedule: true,
      plan: {
        questions,
        sessionDeadline,
        deferReview: true,
        softLimits: true,
        limitFor: (_q, index, nowMs) => budgetShare(weights, index, (sessionDeadline - nowMs) / 1000),
      },
      ...(options.user ? { userFlag: user } : {}),
      bank: bank.whole,
      lexed: bank.lexed,
      latest: latestInBackground(user, io),
      advise: (results) => studyNext(results, byId),
      feedback: (record) => formatMockFeedback(record, byId, { color: c, width: io.stdout.columns, ...(options.user ? { userFlag: user } : {}) }),
      annotations: annotationsOf(settings),
      ...aiFor(options, settings, io.env),
      followUps: true,
    },
    io,
  );
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

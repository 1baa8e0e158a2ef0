import { openProfile } from '../services/profile.js';
import { EXIT, UsageError } from '../errors.js';
import type { CommandIO } from '../io.js';
import { addDays, buildStudyPlan, daysBetween, localCalendar, parseInterviewDate, trackStatus } from '../plan/interview.js';
import { dayLabel, daysLeftText, formatPlan } from '../format/plan-text.js';
import { filterProblems } from '../session/select.js';
import { clearPlan, DEFAULT_MINUTES_PER_DAY, planSettings, setPlan } from '../store/settings.js';
import { resolveUser } from '../store/user.js';
import { hanging } from '../format/wrap.js';
import { loadQuestions, type BankSelection } from '../services/bank.js';
import { planInputFor } from '../services/plan-input.js';

export interface PlanOptions extends BankSelection {
  interview?: string;
  minutesPerDay?: number;
  focus?: string[];
  clear?: boolean;
  json?: boolean;
  user?: string;
}

export async function runPlan(options: PlanOptions, io: CommandIO): Promise<number> {
  const user = resolveUser(options.user, io.env);
  const store = openProfile(user, io);
  const now = io.now();
  const today = localCalendar.dayOf(now);
  const changing = options.interview !== undefined || options.minutesPerDay !== undefined || options.focus !== undefined;
  if (options.clear && changing) throw new UsageError('--clear removes the interview date; it takes no --interview, --minutes-per-day or --focus.');

  if (options.clear) {
    const had = await store.updateProfileMeta((meta) => {
      const previous = planSettings(meta.settings);
      clearPlan(meta.settings);
      return previous;
    });
    io.stdout.write(
      had ? `Removed the interview date (${had.interview}) for ${user}; review is back to the normal schedule.\n` : `No interview date was set for ${user}.\n`,
    );
    return EXIT.ok;
  }

  const bank = await loadQuestions(options, io);
  const problems = filterProblems({ topics: options.focus ?? [] }, bank.topics);
  if (problems.length) throw new UsageError(problems.map((p) => p.replace(/^unknown topic/, '--focus names unknown topic')).join(' '));
  if (changing) {
    const interview = options.interview !== undefined ? parseInterviewDate(options.interview, today) : undefined;
    await store.updateProfileMeta((meta) => {
      const current = planSettings(meta.settings);
      if (!interview && !current) throw new UsageError('no interview date is set yet; give one: mle-prep plan --interview YYYY-MM-DD.');
      setPlan(meta.settings, {
        interview: interview ?? current!.interview,
        minutesPerDay: options.minutesPerDay ?? current?.minutesPerDay ?? DEFAULT_MINUTES_PER_DAY,
        focus: options.focus ?? current?.focus ?? [],
      });
    });
  }
  const data = await store.readView();

  const plan = planSettings(data.settings);
  const width = io.stdout.isTTY ? io.stdout.columns : undefined;
  const wrap = (text: string) => (width === undefined ? text : hanging(text, 0, { width }));
  if (!plan) {
    if (options.json) io.stdout.write(`${JSON.stringify({ user, interview: null }, null, 2)}\n`);
    else
      io.stdout.write(
        `${wrap(`No interview date set for ${user}. Set one with: mle-prep plan --interview ${addDays(today, 14)} [--minutes-per-day ${DEFAULT_MINUTES_PER_DAY}] [--focus <topics>]`)}\n`,
      );
    return EXIT.ok;
  }
  const daysLeft = daysBetween(today, plan.interview);
  if (daysLeft < 0) {
    if (options.json) io.stdout.write(`${JSON.stringify({ user, interview: plan.interview, daysLeft, passed: true }, null, 2)}\n`);
    else
      io.stdout.write(
        `${wrap(`Your interview on ${dayLabel(plan.interview)} was ${daysLeftText(daysLeft)}; review is back to the normal schedule. \`mle-prep plan --clear\` removes the date, or set the next one with --interview.`)}\n`,
      );
    return EXIT.ok;
  }
  const study = buildStudyPlan(planInputFor(data, bank.questions, plan, now));
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ user, generatedAt: now.toISOString(), ...study, track: trackStatus(study) }, null, 2)}\n`);
    return EXIT.ok;
  }
  io.stdout.write(formatPlan(study, user, { color: io.stdout.color, ...(width ? { width } : {}) }));
  return EXIT.ok;
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';

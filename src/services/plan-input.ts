import type { Question } from '../bank/types.js';
import { DEFAULT_MIX, parseMix } from '../mock/plan.js';
import { localCalendar, loopWeights, type PlanInput } from '../plan/interview.js';
import { seenResults, type StatsSession } from '../stats/aggregate.js';
import type { ProfileView } from '../store/profile-store.js';
import { DEFAULT_RETENTION, retentionSetting, type PlanSettings } from '../store/settings.js';

/** Topic weights from the default interview mix; topics the bank lacks are simply absent. */
function interviewWeights(topics: readonly string[]): Map<string, number> {
  const mixTopics = DEFAULT_MIX.split(',').flatMap((slot) => slot.split(/[#:]/)[0]!.split('|'));
  return loopWeights(parseMix(DEFAULT_MIX, mixTopics), topics);
}

/** Everything the planner needs from the profile and the bank, for `plan`, `review` and `stats` alike. */
export function planInputFor(
  data: Pick<ProfileView, 'cards' | 'settings'> & { sessions: readonly StatsSession[] },
  questions: readonly Question[],
  plan: PlanSettings,
  now: Date,
): PlanInput {
  const topics = [...new Set(questions.map((q) => q.topic))];
  return {
    now,
    calendar: localCalendar,
    interview: plan.interview,
    minutesPerDay: plan.minutesPerDay,
    retention: retentionSetting(data.settings) ?? DEFAULT_RETENTION,
    questions,
    focus: plan.focus,
    cards: data.cards,
    results: data.sessions.flatMap((s) => seenResults(s)),
    topicWeights: interviewWeights(topics),
  };
}

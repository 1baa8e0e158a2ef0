import { closest, distance } from 'fastest-levenshtein';

/** The candidate a typo most likely meant, if one is close enough to suggest. */
export function nearestMatch(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || input === '') return undefined;
  const lower = input.toLowerCase();
  const best = closest(lower, [...candidates]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(lower, best) <= limit ? best : undefined;
}

/** ` (did you mean "x"?)` when there is a near miss, else an empty string. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const match = nearestMatch(input, candidates);
  return match ? ` (did you mean "${match}"?)` : '';
}

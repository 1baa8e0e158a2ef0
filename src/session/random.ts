// A small seeded generator (mulberry32) so that `--seed n` replays the same questions in the same order.
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates on a copy. */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function newSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/**
 * The order to show a choice question's options in: shuffled each time it is asked (the same for the same seed and
 * question), so a repeat tests the idea, not the letter; the file's order when the question sets `shuffle: false`.
 */
export function choiceOrder(question: { id: string; choices: readonly unknown[]; shuffle: boolean }, seed: number): number[] {
  const identity = question.choices.map((_, i) => i);
  if (!question.shuffle) return identity;
  let hash = seed >>> 0;
  for (const ch of question.id) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return shuffled(identity, seededRandom(hash));
}

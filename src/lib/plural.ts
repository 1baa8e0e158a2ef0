/** "1 question", "3 questions". */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

/** "a, b, c and 4 more": the first few items of a list a message names. */
export function firstFew(items: readonly string[], count = 3): string {
  return items.slice(0, count).join(', ') + (items.length > count ? ` and ${items.length - count} more` : '');
}

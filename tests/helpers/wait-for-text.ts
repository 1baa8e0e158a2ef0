// Waiting for a program's output to show a pattern, looking again whenever it prints (no polling, no fixed sleeps).

/**
 * Resolves with where `pattern` first appears in `read()` after `from` characters; between looks it sleeps until a
 * function in `waiting` is called (the caller calls them all when output arrives). After `timeoutMs` it rejects with
 * `failure()`, which should show the screen so far.
 */
export async function waitForText(
  read: () => string,
  pattern: string | RegExp,
  from: number,
  timeoutMs: number,
  waiting: Set<() => void>,
  failure: () => string,
): Promise<number> {
  const giveUpAt = performance.now() + timeoutMs;
  for (;;) {
    const text = read().slice(from);
    const index = typeof pattern === 'string' ? text.indexOf(pattern) : text.search(pattern);
    if (index !== -1) return from + index;
    const left = giveUpAt - performance.now();
    if (left <= 0) throw new Error(failure());
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(deadline);
        waiting.delete(wake);
        resolve();
      };
      const deadline = setTimeout(wake, left);
      waiting.add(wake);
    });
  }
}

// Stands in for node-emoji inside marked-terminal (see scripts/build.mjs): mle-prep renders with emoji turned off,
// and node-emoji's table of every emoji is a large part of the quiz's start-up.
export function get(): undefined {
  return undefined;
}

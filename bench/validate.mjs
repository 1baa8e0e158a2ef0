// `validate` on banks of 1k, 10k and 50k real-size files (copies of the bundled files with unique ids) against the
// floor for that work: a single-threaded script that only reads the same files and parses their YAML with the
// same parser. Growth is the marginal cost of a file between sizes, not the total divided by the files.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateRealBank } from './bank.mjs';
import { benchEnv, fmt, NODE, ROOT, tempDir, timeInterleaved } from './lib.mjs';

export function benchValidate(runs, sizes = [1000, 10000, 50000], builds) {
  console.log(`\nValidate, real-size files (${Object.keys(builds).join(' vs ')}; ratio to a single-threaded read+parse floor)`);
  const floorScript = join(ROOT, 'bench', 'validate-floor.mjs');
  const rows = [];
  for (const size of sizes) {
    const dir = tempDir();
    try {
      const { meanBytes } = generateRealBank(dir, size);
      const env = benchEnv(dir);
      const n = size >= 50000 ? Math.max(1, Math.floor(runs / 6)) : size >= 10000 ? Math.max(2, Math.floor(runs / 4)) : Math.max(3, Math.floor(runs / 2));
      const commands = { floor: [NODE, floorScript, dir] };
      for (const [name, bin] of Object.entries(builds)) commands[name] = [NODE, bin, 'validate', dir];
      // validate exits 0 with warnings only; allowFailure keeps a bank with errors measurable too.
      const t = timeInterleaved(commands, n, size >= 10000 ? 0 : 1, { env, allowFailure: true });
      console.log(` ${size.toLocaleString('en')} files of ${(meanBytes / 1024).toFixed(1)} KB on average`);
      for (const [name, s] of Object.entries(t)) {
        const ratio = name === 'floor' ? '' : `  ${(s.median / t.floor.median).toFixed(2)}x floor`;
        // Targets at 50,000 files: faster than the single-threaded floor, and under 250 MB at peak.
        const verdict =
          name === 'floor' || size < 50000
            ? ''
            : s.median < t.floor.median && s.peakMb < 250
              ? '  ok (target < floor, < 250 MB)'
              : '  MISSED (target < floor, < 250 MB)';
        console.log(
          `  ${(name === 'floor' ? 'read+parse floor' : `${name} validate`).padEnd(30)} ${fmt(s.median)} (p25-p75 ${s.p25.toFixed(0)}-${s.p75.toFixed(0)}, n=${s.n})${ratio}  peak ${s.peakMb.toFixed(0)} MB${verdict}`,
        );
        rows.push({ name, size, ms: s.median, peakMb: s.peakMb });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('  marginal cost per file between sizes:');
  for (const name of ['floor', ...Object.keys(builds)]) {
    const mine = rows.filter((r) => r.name === name);
    const steps = mine
      .slice(1)
      .map(
        (r, i) =>
          `${mine[i].size / 1000}k->${r.size / 1000}k ${((r.ms - mine[i].ms) / (r.size - mine[i].size)).toFixed(3)} ms/file, ${(((r.peakMb - mine[i].peakMb) / (r.size - mine[i].size)) * 1000).toFixed(1)} MB per 1k files`,
      );
    console.log(`    ${name.padEnd(10)} ${steps.join('; ')}`);
  }
  return rows;
}

import { spawnSync } from 'node:child_process';

/** A python3 with NumPy for tests that run code, or undefined (those tests skip unless CI requires them). */
export function pythonWithNumpy(): string | undefined {
  const candidates = [process.env.MLE_PREP_TEST_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => Boolean(c));
  return candidates.find((python) => spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0);
}

export const pythonRequired = Boolean(process.env.MLE_PREP_REQUIRE_PYTHON || process.env.CI);

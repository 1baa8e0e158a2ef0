// Preloaded (node --import) into a CLI process by the store-safety test. Just before the score store's temporary
// file is renamed over the store, it writes a marker file and pauses, so the test can kill the process at exactly
// that moment: the new contents are written in full, and the store itself not yet replaced.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const marker = process.env.MLE_PREP_TEST_RENAME_MARKER;
const target = process.env.MLE_PREP_TEST_RENAME_TARGET;
const renameSync = fs.renameSync;
fs.renameSync = function pausingRenameSync(from, to) {
  if (marker && String(to) === target) {
    // Written aside and renamed into place, so the test never reads a marker that is only half written.
    fs.writeFileSync(`${marker}.tmp`, `${from}\n${to}\n`);
    renameSync(`${marker}.tmp`, marker);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
  }
  return renameSync.call(this, from, to);
};
syncBuiltinESMExports();

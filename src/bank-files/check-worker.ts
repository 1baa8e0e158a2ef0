// A thread of `validate` on a large bank: checks each batch of files it is sent and sends back what it found.
import { parentPort, workerData } from 'node:worker_threads';
import { FilesChecker, type FilesCheck, type FilesCheckOptions } from './bank.js';

const checker = new FilesChecker((workerData as { options: FilesCheckOptions }).options);
parentPort!.on('message', ({ batch, files }: { batch: number; files: string[] }) => {
  const check: FilesCheck = checker.check(files);
  const buffers = [check.rubrics?.buffer, check.frequencies?.buffer].filter((b): b is ArrayBuffer => b !== undefined);
  parentPort!.postMessage({ batch, check }, buffers);
});

// A thread of `validate` on a large bank: checks its share of the files and sends back what it found.
import { parentPort, workerData } from 'node:worker_threads';
import { checkFiles, type FilesCheckOptions } from './bank.js';

const { files, options } = workerData as { files: string[]; options: FilesCheckOptions };
parentPort!.postMessage(checkFiles(files, options));

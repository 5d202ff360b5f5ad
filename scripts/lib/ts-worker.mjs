// Boots a TypeScript worker thread: workers do not inherit the parent's `--import tsx` loader hooks, so this plain
// module registers tsx in the worker and then imports the real entry (workerData.entry, a file URL).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

import { parentPort } from 'node:worker_threads';
import type { AnalysisTask, TaskOutcome } from './task.js';
import { runTask } from './task.js';

// A pool worker: keeps its own parsers (parsers.ts caches per thread) and answers each
// file of a batch as soon as it is done, so the pool can report progress per file and,
// if this thread dies, knows exactly which file it died on.

export interface BatchMessage {
  batch: number;
  tasks: AnalysisTask[];
}

export interface ResultMessage {
  batch: number;
  index: number;
  outcome: TaskOutcome;
}

const port = parentPort;
if (port) {
  port.on('message', (message: BatchMessage) => {
    void (async () => {
      for (let index = 0; index < message.tasks.length; index++) {
        const outcome = await runTask(message.tasks[index]!);
        port.postMessage({ batch: message.batch, index, outcome } satisfies ResultMessage);
      }
    })();
  });
}

import { InProcessRunner, type TaskRunner } from './task.js';

export interface RunnerOptions {
  /** Worker threads; 0 runs in this thread. Default: available cores, capped. */
  threads?: number;
  /** Files sent to a worker at once. */
  batchSize?: number;
}

export interface SizedRunner extends TaskRunner {
  /** How many tasks it runs at once. */
  readonly capacity: number;
}

export function createRunner(_options: RunnerOptions): SizedRunner {
  const runner = new InProcessRunner();
  return Object.assign(runner, { capacity: 1 });
}

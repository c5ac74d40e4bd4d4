// Deadlines for Redis calls.

/** The client's own `timeout` only covers the write queue; a written command waits forever. */
export class CommandTimeoutError extends Error {
  override name = 'TimeoutError';
}

export function withDeadline<T>(pending: Promise<T>, ms: number): Promise<T> {
  // The abandoned command may still settle later (a hung server resumes): never unhandled.
  pending.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CommandTimeoutError(`command timed out after ${ms} ms`)), ms);
  });
  return Promise.race([pending, deadline]).finally(() => clearTimeout(timer));
}

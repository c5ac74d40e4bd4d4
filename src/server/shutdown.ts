import type { App } from './app.js';
import type { RunningServer } from './stdio.js';

/**
 * Graceful shutdown on SIGINT/SIGTERM (and stdin closing in stdio mode): stop accepting,
 * let in-flight calls finish up to the grace period, cancel what is left, then close the
 * stores (the memory store writes its snapshot). A second signal exits at once.
 */
export function installShutdown(
  app: App,
  running: RunningServer,
  options: { watchStdin: boolean },
): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const stop = (reason: string) => {
    if (stopping) return stopping;
    stopping = (async () => {
      app.log.info({ reason, inFlight: app.service.activeCount }, 'shutting down');
      await running.stopAccepting();
      // No new batch jobs here; the running ones are calls of the service, drained below.
      const batchesStopped = app.batches.stopWorker();
      if (!(await app.service.drain(app.config.shutdownGraceMs))) {
        app.log.warn({ inFlight: app.service.activeCount }, 'grace period over: cancelling calls in flight');
        app.service.cancelAll('The server is shutting down.');
        await app.service.drain(2_000);
      }
      await batchesStopped;
      await running.close();
      await app.close();
      app.log.info('stopped');
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    void stop(signal).then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (options.watchStdin) process.stdin.once('end', () => void stop('stdin closed').then(() => process.exit(0)));
  return () => stop('requested');
}

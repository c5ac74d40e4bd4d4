/**
 * A progress bar on stderr, only when stderr is a terminal (never in pipes or logs), and only
 * for runs long enough to need one.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let drawn = false;
  let lastDraw = 0;
  return {
    update(done: number, total: number | undefined) {
      if (!stream.isTTY || Date.now() - started < 300 || Date.now() - lastDraw < 100) return;
      lastDraw = Date.now();
      const width = 30;
      const ratio = total ? Math.min(1, done / total) : 0;
      const bar = '#'.repeat(Math.round(ratio * width)).padEnd(width, '.');
      stream.write(`\r[${bar}] ${done}/${total ?? '?'} files`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FlagError, type FlagName, type FlagValues } from './definitions.js';
import type { FlagSource } from './runtime-flags.js';

// Flags without Redis: a JSON object in a file (--flags-file), `{"engine.shadowPercent": 10}`,
// watched. chokidar rather than fs.watch: editors and `flags set` save by writing another
// file and renaming it over this one, after which an fs.watch handle on the file follows the
// old inode and reports nothing more. chokidar, on the file's directory, sees the new file (and
// a file created after the server started), and smooths over the platforms' watch quirks.

const SETTLE_MS = 150;

export class FileFlagSource implements FlagSource {
  readonly kind = 'file' as const;
  readonly where: string;
  private watcher: { close(): Promise<void> } | undefined;
  private settle: NodeJS.Timeout | undefined;

  constructor(file: string) {
    this.where = resolve(file);
  }

  /** A missing file holds no flags; anything but a JSON object is an error (the values in force stay). */
  async read(): Promise<Record<string, unknown>> {
    let text: string;
    try {
      text = await readFile(this.where, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    if (!text.trim()) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new FlagError(`${this.where} is not valid JSON: ${(error as Error).message}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new FlagError(`${this.where} must hold a JSON object of flag names to values.`);
    return parsed as Record<string, unknown>;
  }

  async set<K extends FlagName>(name: K, value: FlagValues[K]): Promise<void> {
    await this.rewrite((entries) => ({ ...entries, [name]: value }));
  }

  async unset(name: FlagName): Promise<void> {
    await this.rewrite(({ [name]: _gone, ...rest }) => rest);
  }

  async watch(onChange: () => void): Promise<void> {
    const { watch } = await import('chokidar');
    // The directory, not the file: a file that does not exist yet (or is renamed over) is seen too.
    const dir = dirname(this.where);
    const watcher = watch(dir, {
      ignoreInitial: true,
      persistent: false,
      depth: 0,
      ignored: (path: string) => path !== dir && path !== this.where,
    });
    // chokidar drops a second change of a path within 50 ms of the first (a rename right after
    // a write was lost in a test): read again once things are quiet, so the last state is seen.
    const changed = (path: string) => {
      if (path !== this.where) return;
      onChange();
      clearTimeout(this.settle);
      this.settle = setTimeout(onChange, SETTLE_MS);
      this.settle.unref();
    };
    watcher.on('add', changed).on('change', changed).on('unlink', changed);
    await new Promise<void>((ready) => watcher.once('ready', () => ready()));
    this.watcher = watcher;
  }

  async close(): Promise<void> {
    clearTimeout(this.settle);
    await this.watcher?.close();
  }

  /** Other entries are kept as they are; written to a temporary file and renamed, so a reader sees a whole file. */
  private async rewrite(change: (entries: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
    let entries: Record<string, unknown>;
    try {
      entries = await this.read();
    } catch (error) {
      throw new FlagError(`${(error as Error).message} Fix or remove it first.`);
    }
    const tmp = join(dirname(this.where), `.${basename(this.where)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(tmp, `${JSON.stringify(change(entries), null, 2)}\n`);
      await rename(tmp, this.where);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }
}

import type { Logger } from 'pino';
import { FLAG_NAMES, FLAGS, isFlagName, type FlagName, type FlagValues } from './definitions.js';

/** Where flag values live: a Redis hash (--store redis) or a JSON file (--flags-file). */
export interface FlagSource {
  readonly kind: 'redis' | 'file';
  /** Where the values are, for server_info and messages (never a URL: it may carry a password). */
  readonly where: string;
  /** The entries the source holds, unparsed; throws when the source cannot be read. */
  read(): Promise<Record<string, unknown>>;
  set<K extends FlagName>(name: K, value: FlagValues[K]): Promise<void>;
  /** Back to the default. */
  unset(name: FlagName): Promise<void>;
  /** Calls onChange whenever the values may have changed; the caller reads them again. */
  watch(onChange: () => void): Promise<void>;
  close(): Promise<void>;
}

export interface FlagStatus {
  source: 'redis' | 'file' | 'none';
  where?: string;
  /** The value of every flag in force on this instance. */
  values: FlagValues;
  /** The flags the source sets (the others have their defaults). */
  set: FlagName[];
  /** Entries of the source that are ignored, with why. */
  ignored: Record<string, string>;
  lastReadAt?: string;
  /** Why the last read failed (the values are those of the last good read). */
  error?: string;
}

type Listener = (name: FlagName, value: unknown, previous: unknown) => void;

/**
 * The flags in force on this instance: the defaults, overlaid with what the source holds.
 * Read again whenever the source says it changed. A source that cannot be read (Redis away,
 * a file that is not JSON, perhaps half written) leaves the values as they were; an entry
 * that is not valid is ignored, logged once, and the flag has its default.
 */
export class RuntimeFlags {
  private current: FlagValues;
  private fromSource: Partial<FlagValues> = {};
  private ignored: Record<string, string> = {};
  private readonly warned = new Set<string>();
  private readonly listeners: Listener[] = [];
  private lastReadAt: number | undefined;
  private lastError: string | undefined;
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private source: FlagSource | undefined;

  /** The defaults are in force until a source is followed (and for every flag it does not set). */
  constructor(
    readonly defaults: FlagValues,
    private readonly log: Pick<Logger, 'warn' | 'info'>,
  ) {
    this.current = { ...defaults };
  }

  /** Reads the source once and follows its changes from then on (once: a server has one source). */
  async follow(source: FlagSource): Promise<void> {
    if (this.source) throw new Error('the flags already follow a source');
    this.source = source;
    await this.refresh();
    await source.watch(() => void this.refresh());
  }

  get<K extends FlagName>(name: K): FlagValues[K] {
    return this.current[name];
  }

  values(): FlagValues {
    return { ...this.current };
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  status(): FlagStatus {
    return {
      source: this.source?.kind ?? 'none',
      ...(this.source ? { where: this.source.where } : {}),
      values: this.values(),
      set: FLAG_NAMES.filter((n) => this.fromSource[n] !== undefined),
      ignored: { ...this.ignored },
      ...(this.lastReadAt !== undefined ? { lastReadAt: new Date(this.lastReadAt).toISOString() } : {}),
      ...(this.lastError !== undefined ? { error: this.lastError } : {}),
    };
  }

  /** Reads the source again; reads asked for meanwhile are joined into one more after it. */
  refresh(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.readAgain = false;
        await this.readOnce();
      } while (this.readAgain);
    })().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readOnce(): Promise<void> {
    if (!this.source) return;
    let raw: Record<string, unknown>;
    try {
      raw = await this.source.read();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError)
        this.log.warn(
          { source: this.source.where, err: message },
          'feature flags not read; keeping the values in force',
        );
      this.lastError = message;
      return;
    }
    this.lastError = undefined;
    this.lastReadAt = Date.now();
    this.apply(raw);
  }

  /** Takes a source's entries: valid ones override the defaults, the rest are ignored (logged once each). */
  apply(raw: Record<string, unknown>): void {
    const next: Partial<FlagValues> = {};
    const ignored: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw)) {
      if (!isFlagName(name)) ignored[name] = 'unknown flag';
      else {
        const parsed = FLAGS[name].parse(value);
        if (parsed === undefined)
          ignored[name] = `invalid value ${JSON.stringify(value)}: expected ${FLAGS[name].accepts}`;
        else (next as Record<string, unknown>)[name] = parsed;
      }
    }
    for (const [name, reason] of Object.entries(ignored)) {
      const key = `${name}\0${reason}`;
      if (!this.warned.has(key))
        this.log.warn({ flag: name, source: this.source?.where, reason }, 'feature flag ignored');
      this.warned.add(key);
    }
    this.ignored = ignored;
    this.fromSource = next;
    const previous = this.current;
    this.current = { ...this.defaults, ...next };
    for (const name of FLAG_NAMES) {
      if (previous[name] === this.current[name]) continue;
      this.log.info({ flag: name, value: this.current[name], previous: previous[name] }, 'feature flag changed');
      for (const listener of this.listeners) listener(name, this.current[name], previous[name]);
    }
  }

  async close(): Promise<void> {
    await this.source?.close();
  }
}

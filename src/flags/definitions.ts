import { closestMatch } from 'leven';

// The runtime feature flags, once: their names, what values they take, their defaults and
// what they are for. A source (a Redis hash, a JSON file) holds the values an operator set;
// a flag no source sets has its default. `flags set` validates against this table, and a
// value that reaches a server without passing it (a hand-edited file, an HSET) is ignored
// with a warning: the flag then has its default, on every instance alike.

export type EngineMode = 'auto' | 'native' | 'wasm';

export interface FlagValues {
  /** Share (0–100) of new tool sessions created in Redis; the rest stay in this instance's memory. */
  'sessions.redisPercent': number;
  /** Share (0–100) of analysis calls that the other engine runs again, off the caller's latency, to compare. */
  'engine.shadowPercent': number;
  /** Which engine new analyses use. */
  'engine.preferred': EngineMode;
}

export type FlagName = keyof FlagValues;

export interface FlagDefinition<K extends FlagName = FlagName> {
  name: K;
  description: string;
  /** The values it takes, as a person reads them in an error or in `flags get`. */
  accepts: string;
  /** The default as a person reads it (defaultFlags gives a server's values). */
  defaultText: string;
  parse(raw: unknown): FlagValues[K] | undefined;
}

const PERCENT_TEXT = /^(?:100(?:\.0+)?|\d{1,2}(?:\.\d+)?)$/;

/** A share of 0–100 (fractions allowed: a rollout may start at 0.5%), as a number or its text. */
function parsePercent(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 && raw <= 100 ? raw : undefined;
  if (typeof raw === 'string' && PERCENT_TEXT.test(raw.trim())) return Number(raw.trim());
  return undefined;
}

function parseEngine(raw: unknown): EngineMode | undefined {
  return raw === 'auto' || raw === 'native' || raw === 'wasm' ? raw : undefined;
}

export const FLAGS: { [K in FlagName]: FlagDefinition<K> } = {
  'sessions.redisPercent': {
    name: 'sessions.redisPercent',
    description:
      'Share of new tool sessions created in Redis (--store redis); the rest live in the memory of the instance that created them. 0 is the rollback: new sessions stay local.',
    accepts: 'a number from 0 to 100',
    defaultText: '100',
    parse: parsePercent,
  },
  'engine.shadowPercent': {
    name: 'engine.shadowPercent',
    description:
      'Share of analysis calls that the other engine also runs after the answer, comparing per-file results (match/mismatch counts; a mismatch is logged with the file and the first differing field).',
    accepts: 'a number from 0 to 100',
    defaultText: '0',
    parse: parsePercent,
  },
  'engine.preferred': {
    name: 'engine.preferred',
    description: 'Which engine new analyses use: auto (native when it loads, else wasm), native or wasm.',
    accepts: 'auto, native or wasm',
    defaultText: "the server's --engine",
    parse: parseEngine,
  },
};

export const FLAG_NAMES = Object.keys(FLAGS) as FlagName[];

export function isFlagName(name: string): name is FlagName {
  return Object.hasOwn(FLAGS, name);
}

export class FlagError extends Error {}

/** The name checked, or an error that names the closest known flag and lists them all. */
export function requireFlagName(name: string): FlagName {
  if (isFlagName(name)) return name;
  const near = closestMatch(name, FLAG_NAMES);
  throw new FlagError(
    `Unknown flag "${name}"${near ? ` (did you mean ${near}?)` : ''}. Flags: ${FLAG_NAMES.join(', ')}.`,
  );
}

/** A value for `flags set`, parsed, or an error that says what the flag takes. */
export function parseFlagValue<K extends FlagName>(name: K, raw: unknown): FlagValues[K] {
  const value = FLAGS[name].parse(raw);
  if (value === undefined)
    throw new FlagError(`Invalid value ${JSON.stringify(raw)} for ${name}: expected ${FLAGS[name].accepts}.`);
  return value;
}

/** The defaults of a server: those fixed in the table, and the preferred engine from --engine. */
export function defaultFlags(options: { engine: EngineMode }): FlagValues {
  return { 'sessions.redisPercent': 100, 'engine.shadowPercent': 0, 'engine.preferred': options.engine };
}

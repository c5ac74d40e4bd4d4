// An answer is serialised twice: the envelope's JSON is the text block a model reads, and the
// JSON-RPC message that carries it holds the envelope again as structuredContent. On the SDK's
// path the result is validated in between, which hands on a copy of its outer objects, but the
// objects inside (the envelope's data, its metadata) are the very same ones; on the direct path
// of 2025-era HTTP sessions (server/direct-tool-calls.ts) the envelope itself is. So the JSON of
// an answer's data, and of an envelope the text block shows whole, is written once, remembered
// against the object, and spliced into every later serialisation that meets that object — and
// an analysis page, which is the same object in every repeated call's answer, is written once
// for all of them.
//
// Remembered objects must not change afterwards; answers never do once made (call-result.ts
// renders its text under the same rule).

const fragments = new WeakMap<object, string>();

/**
 * The JSON of `value`, written once per object (by `write`: `toJson` for an object that holds
 * remembered ones) and remembered for `toJson`.
 */
export function rememberedJson(value: object, write: (value: object) => string = JSON.stringify): string {
  let json = fragments.get(value);
  if (json === undefined) {
    json = write(value);
    fragments.set(value, json);
  }
  return json;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * `JSON.stringify(value)` for JSON data, with remembered objects spliced in. Plain objects are
 * walked `depth` levels down looking for them (the message, its result, the envelope); below
 * that, and for anything else, JSON.stringify writes the value.
 */
export function toJson(value: unknown, depth = 4): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const known = fragments.get(value);
  if (known !== undefined) return known;
  if (depth === 0 || Array.isArray(value) || !isPlainObject(value)) return JSON.stringify(value);
  let out = '';
  for (const key of Object.keys(value)) {
    const item = value[key];
    // What JSON.stringify leaves out of an object.
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    out += `${out ? ',' : '{'}${JSON.stringify(key)}:${toJson(item, depth - 1)}`;
  }
  return out ? `${out}}` : '{}';
}

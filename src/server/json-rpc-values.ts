// Shapes of JSON-RPC values, checked by hand where a zod parse would be paid again by the SDK
// (http-transport.ts) or not needed at all (direct-tool-calls.ts).

/** A JSON-RPC id (or progress token): a string or an integer. */
export const isId = (id: unknown): id is string | number =>
  typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id));

/** A JSON object (not an array, not null). */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

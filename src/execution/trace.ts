import { TRACEPARENT_META_KEY, TRACESTATE_META_KEY } from '@modelcontextprotocol/server';

/**
 * W3C Trace Context carried by a request's params._meta (SEP-414: the unprefixed keys
 * `traceparent` and `tracestate`). We do not make spans; we carry the caller's context into
 * the call's logs, its execution record and the _meta of what the call sends back, so a
 * tracing backend (or a grep) can join our side to the caller's trace.
 */
export interface TraceContext {
  traceparent: string;
  tracestate?: string;
}

// version-traceid-parentid-flags, lower-case hex; version ff is invalid, as are all-zero ids.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
// The W3C limit is 32 list members of printable ASCII; 512 characters is the spec's own
// "at least" for propagation. Anything else from a client is dropped, never logged.
const TRACESTATE = /^[\x20-\x7e]{1,512}$/;

/** The trace context of a request's _meta, or undefined when it has none or a malformed one. */
export function traceContextOf(meta: Record<string, unknown> | undefined): TraceContext | undefined {
  const parent = meta?.[TRACEPARENT_META_KEY];
  if (typeof parent !== 'string') return undefined;
  const m = TRACEPARENT.exec(parent);
  if (!m || m[1] === 'ff' || /^0+$/.test(m[2]!) || /^0+$/.test(m[3]!)) return undefined;
  const state = meta?.[TRACESTATE_META_KEY];
  return typeof state === 'string' && TRACESTATE.test(state)
    ? { traceparent: parent, tracestate: state }
    : { traceparent: parent };
}

/** The _meta keys that carry a trace context on what a call sends (notifications). */
export function traceMeta(trace: TraceContext): Record<string, string> {
  return {
    [TRACEPARENT_META_KEY]: trace.traceparent,
    ...(trace.tracestate ? { [TRACESTATE_META_KEY]: trace.tracestate } : {}),
  };
}

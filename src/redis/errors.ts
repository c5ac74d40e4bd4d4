import { ToolError } from '../envelope/errors.js';

// Which failures mean "the store cannot be reached" (retryable, counted by the breaker)
// as opposed to a real error reply (a bug: surfaced as is).

const UNAVAILABLE_ERROR_NAMES = new Set([
  'ClientClosedError',
  'ClientOfflineError',
  'ConnectionTimeoutError',
  'SocketClosedUnexpectedlyError',
  'SocketTimeoutError',
  'ReconnectStrategyError',
  'RootNodesUnavailableError',
  'TimeoutError',
  'DisconnectsClientError',
  'MaxCommandRedirectionsError',
  'AbortError',
]);

/** Error replies a server sends while it cannot serve yet: loading the AOF, failing over. */
const UNAVAILABLE_REPLY_PREFIXES = ['LOADING', 'CLUSTERDOWN', 'TRYAGAIN', 'MASTERDOWN', 'READONLY', 'BUSY'];

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);

export function isUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (UNAVAILABLE_ERROR_NAMES.has(error.name) || UNAVAILABLE_ERROR_NAMES.has(error.constructor.name)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  return UNAVAILABLE_REPLY_PREFIXES.some((p) => error.message.startsWith(p));
}

export function storeUnavailable(reason: string, cause?: unknown): ToolError {
  return new ToolError('STORE_UNAVAILABLE', `Redis is unavailable: ${reason}`, { reason }, { cause });
}

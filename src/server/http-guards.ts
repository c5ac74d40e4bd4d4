import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  bearerAuthChallengeResponse,
  localhostAllowedHostnames,
  OAuthError,
  OAuthErrorCode,
  validateHostHeader,
  validateOriginHeader,
  verifyBearerToken,
  type AuthInfo,
  type OAuthTokenVerifier,
} from '@modelcontextprotocol/server';
import { writeJsonRpcError } from './json-rpc-error.js';

// Request guards of the HTTP edge, on the SDK's own checks: DNS-rebinding protection (Host and
// Origin must name this server: validateHostHeader, validateOriginHeader) and the bearer token
// (verifyBearerToken, with the SDK's challenge on refusal). Each answers the request itself
// when it refuses.

/** The hostnames Host and Origin may name: the SDK's localhost names, the bind address and --allowed-host. */
export function allowedHostnames(bindHost: string, extra: string[]): string[] {
  const names = new Set([...localhostAllowedHostnames(), ...extra.map((h) => h.toLowerCase())]);
  if (bindHost !== '0.0.0.0' && bindHost !== '::')
    names.add(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost.toLowerCase());
  return [...names];
}

/**
 * A client sends the same Host (and Origin) on every request, and the SDK's checks parse a URL
 * each time: their verdicts are kept per header value. Bounded: cleared when full.
 */
function memo<R>(check: (value: string | undefined) => R): (value: string | undefined) => R {
  const seen = new Map<string | undefined, R>();
  return (value) => {
    let verdict = seen.get(value);
    if (verdict === undefined) {
      verdict = check(value);
      if (seen.size >= 256) seen.clear();
      seen.set(value, verdict);
    }
    return verdict;
  };
}

/** Host and Origin checks against one allow-list; false when the request was refused (403). */
export function hostAndOriginGuard(allowed: string[]): (req: IncomingMessage, res: ServerResponse) => boolean {
  const host = memo((value) => validateHostHeader(value, allowed));
  const origin = memo((value) => validateOriginHeader(value, allowed));
  return (req, res) => {
    const verdict = host(req.headers.host);
    if (!verdict.ok) return refuse(res, verdict.message);
    const originVerdict = origin(req.headers.origin);
    if (!originVerdict.ok) return refuse(res, originVerdict.message);
    return true;
  };
}

function refuse(res: ServerResponse, message: string): false {
  writeJsonRpcError(res, 403, -32000, message);
  return false;
}

/** The one token given by --auth-token, compared in constant time; it does not expire. */
function staticTokenVerifier(token: string): OAuthTokenVerifier {
  const expected = Buffer.from(token);
  return {
    async verifyAccessToken(given: string): Promise<AuthInfo> {
      const bytes = Buffer.from(given);
      if (bytes.length !== expected.length || !timingSafeEqual(bytes, expected))
        throw new OAuthError(OAuthErrorCode.InvalidToken, 'Invalid bearer token.');
      // The SDK refuses tokens without an expiry; this one lives as long as the process.
      return { token: given, clientId: 'auth-token', scopes: [], expiresAt: Number.MAX_SAFE_INTEGER };
    },
  };
}

/**
 * The bearer check: resolves the verified AuthInfo, undefined when no token is configured, or
 * a Web Response (the SDK's 401 challenge with WWW-Authenticate) for the caller to send.
 */
export function bearerGuard(
  token: string | undefined,
): (req: IncomingMessage) => Promise<AuthInfo | Response | undefined> {
  if (!token) return async () => undefined;
  const options = { verifier: staticTokenVerifier(token) };
  return async (req) => {
    try {
      return await verifyBearerToken(req.headers.authorization, options);
    } catch (error) {
      return bearerAuthChallengeResponse(error);
    }
  };
}

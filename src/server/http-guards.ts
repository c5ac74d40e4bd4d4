import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeJsonRpcError } from './json-rpc-error.js';
import { timingSafeEqual } from 'node:crypto';

// Request guards of the HTTP transport: DNS-rebinding protection (Host and Origin must name
// this server) and the bearer token. Each answers the request itself when it refuses.

function parseHostname(value: string): string | undefined {
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

// A client sends the same Host (and Origin) on every request: parse each value once, not per
// request (a URL parse costs more than the rest of the guard). Bounded: cleared when full.
const parsed = new Map<string, string | undefined>();

function hostnameOf(value: string): string | undefined {
  if (parsed.has(value)) return parsed.get(value);
  const hostname = parseHostname(value);
  if (parsed.size >= 256) parsed.clear();
  parsed.set(value, hostname);
  return hostname;
}

function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): false {
  writeJsonRpcError(res, status, -32000, message, headers);
  return false;
}

export function allowedHostnames(bindHost: string, extra: string[]): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]', ...extra.map((h) => h.toLowerCase())]);
  if (bindHost !== '0.0.0.0' && bindHost !== '::') names.add(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost.toLowerCase());
  return names;
}

export function checkHostAndOrigin(req: IncomingMessage, res: ServerResponse, allowed: Set<string>): boolean {
  const host = hostnameOf(req.headers.host ?? '');
  if (!host || !allowed.has(host)) return refuse(res, 403, `Host ${req.headers.host ?? '(none)'} is not allowed.`);
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const originHost = hostnameOf(origin);
    if (!originHost || !allowed.has(originHost)) return refuse(res, 403, `Origin ${origin} is not allowed.`);
  }
  return true;
}

export function checkBearer(req: IncomingMessage, res: ServerResponse, token: string | undefined): boolean {
  if (!token) return true;
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  return refuse(res, 401, 'A valid bearer token is required.', { 'www-authenticate': 'Bearer' });
}

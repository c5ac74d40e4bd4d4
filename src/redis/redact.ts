// Redis credentials are never shown: not in logs, server_info, error messages or metrics.
// Every URL that is shown goes through redactUrl; every message that comes out of the client
// (node-redis quotes the URL in some of its errors, Node's URL parser keeps it as `input`)
// goes through a Redactor that knows the secrets in play.

const MASK = '***';

/** scheme://userinfo@ — greedy up to the authority's last '@', as the URL parser reads it. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)@/gi;

/**
 * The URL (or comma-separated URLs, or any text holding URLs) with each password replaced by
 * ***; the user name stays, it names who connects. Works on text that does not parse as a URL.
 */
export function redactUrl(text: string): string {
  return text.replace(URL_USERINFO, (_, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon < 0 ? `${scheme}${userinfo}@` : `${scheme}${userinfo.slice(0, colon)}:${MASK}@`;
  });
}

/** Scrubs known secrets (and URL passwords) from text and from errors, in place. */
export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: Array<string | undefined>) {
    const forms = secrets.filter((s): s is string => Boolean(s)).flatMap((s) => [s, s.trim(), encodeURIComponent(s)]);
    // Longest first: a secret that contains another is masked whole.
    this.secrets = [...new Set(forms)].filter(Boolean).sort((a, b) => b.length - a.length);
  }

  text(text: string): string {
    let out = redactUrl(text);
    for (const secret of this.secrets) out = out.split(secret).join(MASK);
    return out;
  }

  /**
   * The same error, its message, stack and string properties scrubbed, and so its causes
   * (node-redis nests them: ReconnectStrategyError.originalError, .socketError). Returned
   * for `throw redactor.error(e)`; the class and name stay, the breaker classifies by them.
   */
  error<E>(error: E, depth = 0): E {
    if (!(error instanceof Error) || depth > 3) return error;
    const record = error as unknown as Record<string, unknown>;
    for (const key of ['message', 'stack', ...Object.keys(error)]) {
      const value = record[key];
      try {
        if (typeof value === 'string') record[key] = this.text(value);
        else if (value instanceof Error) this.error(value, depth + 1);
      } catch {
        // A read-only property: nothing we can do but leave it.
      }
    }
    if (error.cause instanceof Error) this.error(error.cause, depth + 1);
    if (error instanceof AggregateError) for (const inner of error.errors) this.error(inner, depth + 1);
    return error;
  }
}

// The one error catalog. Every error a tool can answer with has a code here, with what it
// means, whether the same call can succeed if retried, and what the caller should do.

export interface CatalogEntry {
  meaning: string;
  retryable: boolean;
  action: string;
}

export const ERROR_CATALOG = {
  INVALID_ARGUMENT: {
    meaning: 'The arguments do not match the tool input schema, or a value is out of range.',
    retryable: false,
    action: 'Fix the arguments as the message says (discover_tools shows the schema and examples) and call again.',
  },
  PATH_NOT_FOUND: {
    meaning: 'The path does not exist (or vanished while it was read).',
    retryable: false,
    action: 'Check the path; paths are relative to a configured root or absolute under one.',
  },
  PATH_OUTSIDE_ROOT: {
    meaning: 'The path resolves (through .. and symlinks) to a place outside every configured root.',
    retryable: false,
    action: 'Use a path under one of the roots that server_info lists, or restart the server with --root.',
  },
  UNSUPPORTED_LANGUAGE: {
    meaning: 'The file is not in a language this server analyses.',
    retryable: false,
    action: 'server_info lists the languages and their file extensions.',
  },
  FILE_TOO_LARGE: {
    meaning: 'The file is larger than the per-file size limit.',
    retryable: false,
    action: 'Analyse a smaller file, or raise the limit (--max-file-size) if you run the server.',
  },
  STALE_CURSOR: {
    meaning:
      'The files changed since the first page of this result was made, so its later pages would mix two versions of the tree.',
    retryable: false,
    action: 'Call again without cursor to start over on the tree as it is now.',
  },
  SESSION_NOT_FOUND: {
    meaning: 'No live session has this id: it never existed, expired, or was closed.',
    retryable: false,
    action: 'Create a new session with session_create, or call without sessionId.',
  },
  SESSION_CONFLICT: {
    meaning: 'The session was changed by another call at the same time.',
    retryable: true,
    action: 'Retry the call; it will run against the latest session state.',
  },
  SESSION_LIMIT: {
    meaning: 'The session store is full.',
    retryable: true,
    action: 'Close sessions you no longer need (session_close) or wait for old ones to expire.',
  },
  STORE_UNAVAILABLE: {
    meaning: 'The session store cannot be reached right now.',
    retryable: true,
    action: 'Retry after a few seconds; analyses without sessionId keep working.',
  },
  TIMEOUT: {
    meaning: 'The call ran past its deadline and was stopped.',
    retryable: true,
    action: 'Narrow the request (a subdirectory, include globs, a lower limit) or retry.',
  },
  CANCELLED: {
    meaning: 'The call was cancelled by the client or by server shutdown.',
    retryable: true,
    action: 'Call again if the result is still wanted.',
  },
  NO_GIT_HISTORY: {
    meaning:
      'The path has no git history to read: it is not inside a git working tree, or git cannot run or read the repository here.',
    retryable: false,
    action:
      'Call hotspots on a path inside a git working tree (a clone, or git init and commit). If it is one, check that git is installed and that `git -C <path> log` works for the user running the server (git refuses repositories owned by another user unless safe.directory allows them).',
  },
  NOT_FOUND: {
    meaning: 'The requested item (tool, line, symbol) does not exist.',
    retryable: false,
    action: 'Check the name or position; discover_tools lists the tools.',
  },
  ENGINE_UNAVAILABLE: {
    meaning: 'The requested analysis engine cannot be loaded on this machine.',
    retryable: false,
    action: 'Use --engine auto or --engine wasm; server_info says why the native engine is not available.',
  },
  INTERNAL: {
    meaning: 'An unexpected error inside the server.',
    retryable: false,
    action: 'Report it with the executionId from the envelope context; the server keeps serving.',
  },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export const ERROR_CODES = Object.keys(ERROR_CATALOG) as ErrorCode[];

export function catalogEntry(code: ErrorCode): CatalogEntry {
  return ERROR_CATALOG[code];
}

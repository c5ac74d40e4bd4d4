import type { Envelope } from '../envelope/envelope.js';

// --all: every page of an analysis, one after the other, following nextCursor. Only one page
// is held at a time and each is written before the next is asked for (waiting for a slow pipe
// to drain), so memory stays that of one page however large the result. With --json each page
// is its envelope on one line (JSON Lines); as text each page is the tool's rendering, with
// what belongs to the whole result (the summary's worst functions, cycles, skipped files, the
// next-page hint) said once.

/** Pages as large as the tools allow unless --limit says otherwise: fewer round trips. */
const ALL_LIMIT = 1000;

/** The arguments of the first page: the largest pages, and for deps the detail that lists nodes. */
export function allPagesArgs(tool: string, args: Record<string, unknown>): Record<string, unknown> {
  const first: Record<string, unknown> = { ...args, limit: args.limit ?? ALL_LIMIT };
  // At detail summary the dependency graph lists no nodes: there would be nothing to page.
  if (tool === 'analyze_dependencies' && first.detail === undefined) first.detail = 'standard';
  return first;
}

type Data = Record<string, any>;

/** What a page after the first shows: its own rows, not again what the first page said of the whole. */
export function continuationView(tool: string, data: Data): Data {
  const view: Data = { ...data, skipped: [], skippedTotal: 0 };
  if (tool === 'analyze_complexity' && data.summary) view.summary = { ...data.summary, topFunctions: [] };
  if (tool === 'analyze_dependencies')
    Object.assign(view, { cycles: [], cycleDetails: [], mostDependedOn: [], mostDependent: [] });
  return view;
}

/** A page's note on what it left out, without the hint to fetch the next page (--all does). */
function withoutPagingHint(data: Data): Data {
  if (!data.nextCursor || typeof data.truncated !== 'string' || data.truncated.includes('Cut to fit')) return data;
  const { truncated: _note, ...rest } = data;
  return rest;
}

async function write(text: string): Promise<void> {
  if (process.stdout.write(text)) return;
  await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
}

export interface AllPagesOptions {
  tool: string;
  args: Record<string, unknown>;
  json: boolean;
  /** Runs one page; the cursor is absent for the first. */
  page(args: Record<string, unknown>): Promise<Envelope<any>>;
  render(data: Data): string;
  /** An error envelope, for people. */
  describeError(envelope: Envelope<any>): string;
}

/**
 * Prints every page; stops at the first error (exit code 1), which may be STALE_CURSOR if the tree changes meanwhile.
 */
export async function printAllPages(o: AllPagesOptions): Promise<void> {
  let args = allPagesArgs(o.tool, o.args);
  for (let index = 0; ; index++) {
    const envelope = await o.page(args);
    if (!envelope.status.success) {
      if (o.json) await write(`${JSON.stringify(envelope)}\n`);
      else process.stderr.write(`${o.describeError(envelope)}\n`);
      process.exitCode = 1;
      return;
    }
    const data = envelope.data as Data;
    if (o.json) await write(`${JSON.stringify(envelope)}\n`);
    else
      await write(
        `${index > 0 ? '\n' : ''}${o.render(withoutPagingHint(index === 0 ? data : continuationView(o.tool, data)))}\n`,
      );
    if (typeof data.nextCursor !== 'string') return;
    args = { ...args, cursor: data.nextCursor };
  }
}

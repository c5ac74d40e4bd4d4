// Pieces every analysis text block ends with, worded once.

export interface SkippedRow {
  path: string;
  reason: string;
  detail?: string | undefined;
}

export function skippedText(skipped: SkippedRow[], total: number): string[] {
  if (total === 0) return [];
  const list = skipped.map((s) => `${s.path} (${s.reason}${s.detail ? `: ${s.detail}` : ''})`).join(', ');
  return [
    '',
    `Skipped ${total} file${total === 1 ? '' : 's'}${skipped.length ? `: ${list}` : ''}${skipped.length < total ? ` (${total - skipped.length} more not listed)` : ''}`,
  ];
}

export function pagingText(data: { truncated?: string | undefined }): string[] {
  return data.truncated ? ['', data.truncated] : [];
}

export function parseErrorText(p: { count: number; first: { line: number; column: number }[] } | undefined): string {
  if (!p || p.count === 0) return '';
  const at = p.first[0];
  return `; ${p.count} syntax error${p.count === 1 ? '' : 's'}${at ? `, first at ${at.line}:${at.column}` : ''}`;
}

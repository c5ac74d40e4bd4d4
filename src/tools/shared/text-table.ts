// Plain-text tables: the CLI's reports for people and the tools' text blocks for models share
// them (aligned columns read well and cost far fewer tokens than indented JSON).

/** Columns aligned by padding; numbers are right-aligned so magnitudes line up. */
export function table(headers: string[], rows: (string | number)[][], indent = ''): string {
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    indent +
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), ...cells.slice(1).map(line)].join('\n');
}

export function section(title: string, body: string): string {
  return `\n${title}\n${body}\n`;
}

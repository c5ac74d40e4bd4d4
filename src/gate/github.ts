import type { Judged } from './baseline.js';
import { RULES } from './rules.js';

// GitHub Actions workflow commands: one `::error` annotation per failing violation, on the
// file and lines it is about (paths relative to the root, which in a workflow is the checkout).
// Baselined violations are not annotated (GitHub shows a limited number of annotations per
// step; the summary line counts them).

/** Workflow-command escaping: data escapes %, CR, LF; property values also : and ,. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function githubAnnotation(v: Judged & { message: string }): string {
  const title = `${RULES[v.rule].title}${v.state === 'worse' ? ' (worse than the baseline)' : ''}`;
  const message = v.state === 'worse' ? `${v.message} Baseline: ${v.baselineValue}.` : v.message;
  const props = [
    `file=${escapeProperty(v.path)}`,
    `line=${v.startLine}`,
    `endLine=${Math.max(v.startLine, v.endLine)}`,
    `title=${escapeProperty(title)}`,
  ];
  return `::error ${props.join(',')}::${escapeData(message)}`;
}

export function toGithub(violations: readonly (Judged & { message: string })[], summary: string): string {
  const lines = violations.filter((v) => v.state !== 'baselined').map(githubAnnotation);
  lines.push(summary);
  return `${lines.join('\n')}\n`;
}

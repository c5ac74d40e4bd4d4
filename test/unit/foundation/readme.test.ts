import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_OPTIONS } from '../../../src/config/options.js';
import { ToolRegistry } from '../../../src/registry/registry.js';
import { REPO } from '../../helpers/cli.js';

// The README is documentation people follow: keep its tables true to the code.
describe('README', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

  it('documents every option with its environment variable', () => {
    for (const o of SERVER_OPTIONS) {
      expect(readme, o.flag).toContain(`\`${o.flag}`);
      expect(readme, o.env).toContain(`\`${o.env}\``);
    }
  });

  it('names every tool', () => {
    for (const t of new ToolRegistry().tools) expect(readme, t.name).toContain(`\`${t.name}\``);
  });
});

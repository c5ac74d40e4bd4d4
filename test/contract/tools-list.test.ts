import { describe, expect, it } from 'vitest';
import { ToolRegistry } from '../../src/registry/registry.js';

// The public API: the JSON Schemas clients see in tools/list. A change here must be
// deliberate: update the snapshot with `npx vitest run test/contract -u` and say why.
describe('tools/list contract', () => {
  const listings = new ToolRegistry().listings();

  it('matches the checked-in snapshot', async () => {
    await expect(JSON.stringify(listings, null, 2)).toMatchFileSnapshot('./__snapshots__/tools-list.json');
  });

  it('describes every input field and gives examples that the input schema accepts', () => {
    const registry = new ToolRegistry();
    for (const tool of registry.tools) {
      expect(tool.examples.length, tool.name).toBeGreaterThan(0);
      for (const example of tool.examples) {
        const parsed = tool.inputSchema.safeParse(example.arguments);
        expect(parsed.success, `${tool.name}: ${example.description}`).toBe(true);
      }
      for (const related of tool.related) expect(registry.get(related), `${tool.name} → ${related}`).toBeDefined();
    }
    for (const l of listings) {
      for (const [field, schema] of Object.entries(
        (l.inputSchema.properties ?? {}) as Record<string, { description?: string }>,
      )) {
        expect(schema.description, `${l.name}.${field}`).toBeTruthy();
      }
      expect(l.outputSchema.properties).toHaveProperty('status');
    }
  });
});

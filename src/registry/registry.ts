import type { AnyTool } from '../tools/define.js';
import { toolJsonSchemas } from '../tools/shared/json-schema.js';
import { ALL_TOOLS } from './all-tools.js';

/** The listing of one tool as MCP tools/list returns it. */
export interface ToolListing {
  name: string;
  title: string;
  description: string;
  inputSchema: { type: 'object'; [key: string]: unknown };
  outputSchema: { type: 'object'; [key: string]: unknown };
  annotations: Record<string, unknown>;
  _meta: Record<string, unknown>;
}

export class ToolRegistry {
  private readonly byName: Map<string, AnyTool>;
  private listingCache: ToolListing[] | undefined;

  constructor(readonly tools: readonly AnyTool[] = ALL_TOOLS) {
    this.byName = new Map(tools.map((t) => [t.name, t]));
    if (this.byName.size !== tools.length) throw new Error('two tools share a name');
  }

  get(name: string): AnyTool | undefined {
    return this.byName.get(name);
  }

  listings(): ToolListing[] {
    this.listingCache ??= this.tools.map((tool) => {
      const schemas = toolJsonSchemas(tool);
      return {
        name: tool.name,
        title: tool.title,
        description: tool.description,
        inputSchema: { ...schemas.input, type: 'object' as const },
        outputSchema: { ...schemas.output, type: 'object' as const },
        annotations: { title: tool.title, ...tool.annotations },
        _meta: {
          'mcp-code-analysis/category': tool.category,
          'mcp-code-analysis/tags': tool.tags,
          'mcp-code-analysis/version': tool.version,
          'mcp-code-analysis/stateful': tool.stateful,
          'mcp-code-analysis/related': tool.related,
        },
      };
    });
    return this.listingCache;
  }
}

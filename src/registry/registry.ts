import type { AnyTool } from '../tools/define.js';
import { toolJsonSchemas } from '../tools/shared/json-schema.js';
import { CHARS_PER_TOKEN, MAX_CALL_TOKENS } from '../tools/shared/budget.js';
import { ALL_TOOLS } from './all-tools.js';

/**
 * What a full page at the largest maxTokens can take (text), with room for the heading: clients that honour the key
 * keep it inline.
 */
const MAX_RESULT_SIZE_CHARS = MAX_CALL_TOKENS * CHARS_PER_TOKEN + 4_000;

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
          ...(tool.largeResults ? { 'anthropic/maxResultSizeChars': MAX_RESULT_SIZE_CHARS } : {}),
        },
      };
    });
    return this.listingCache;
  }
}

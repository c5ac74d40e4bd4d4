import { ToolError, toToolError } from '../envelope/errors.js';
import type { JobRunner } from '../batch/service.js';
import type { JobOutcome } from '../batch/types.js';
import type { ExecutionService } from '../execution/service.js';
import { validateArguments } from '../execution/validate.js';
import type { ToolRegistry } from '../registry/registry.js';

/**
 * How batch jobs are checked and run: by name through the registry, and through the
 * execution service like any call (validation, deadline, retries, records). Only analysis
 * tools may be batch jobs: a batch of session or batch tools would be a way around their rules.
 */
export function batchRunner(registry: ToolRegistry, service: ExecutionService): JobRunner {
  return {
    check(name, args) {
      const tool = registry.get(name);
      if (!tool) return new ToolError('NOT_FOUND', `No tool named ${name}; discover_tools lists them.`, { tool: name });
      if (tool.category !== 'analysis')
        return new ToolError('INVALID_ARGUMENT', `${name} cannot be a batch job: only analysis tools can.`, {
          tool: name,
        });
      try {
        validateArguments(tool.inputSchema, args, tool.maxArgumentBytes);
        return undefined;
      } catch (error) {
        return toToolError(error);
      }
    },
    async run(name, args, signal): Promise<JobOutcome> {
      const tool = registry.get(name);
      if (!tool) throw new Error(`batch job names an unknown tool ${name}`);
      const { envelope } = await service.run(tool, args, { signal });
      return {
        status: envelope.status,
        data: envelope.data,
        durationMs: envelope.metadata.durationMs,
        attempts: envelope.metadata.attempts ?? 1,
      };
    },
  };
}

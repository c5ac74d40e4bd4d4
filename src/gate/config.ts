import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

// The gate's configuration file: the limits a project agrees on, committed beside its code, so
// CI and people run the same check. `.mca-check.json` in the analysed directory is read when
// present; `--config FILE` names another. Command-line flags win over it, key by key. A
// baseline path in the file is relative to the file.

export const CONFIG_FILE = '.mca-check.json';

const Limit = z.number().int().min(0);
const Globs = z.array(z.string().min(1));

export const GateConfigSchema = z.strictObject({
  maxCyclomatic: Limit.optional(),
  maxCognitive: Limit.optional(),
  maxFanOut: Limit.optional(),
  noCycles: z.boolean().optional(),
  baseline: z.string().min(1).optional(),
  include: Globs.optional(),
  exclude: Globs.optional(),
  languages: z.array(z.string()).optional(),
});

export type GateConfig = z.infer<typeof GateConfigSchema>;

export class GateConfigError extends Error {
  override name = 'GateConfigError';
}

/**
 * The configuration for a check of `target`: the file `--config` names (it must exist), else
 * `.mca-check.json` in the target directory (or the target file's directory) when present.
 */
export function loadGateConfig(
  target: string,
  explicit: string | undefined,
  targetIsDirectory: boolean,
): { config: GateConfig; file?: string } {
  const file = explicit
    ? resolve(explicit)
    : join(targetIsDirectory ? resolve(target) : dirname(resolve(target)), CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return { config: {} };
    throw new GateConfigError(`cannot read the configuration ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new GateConfigError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = GateConfigSchema.safeParse(json);
  if (!parsed.success) throw new GateConfigError(`${file}: ${z.prettifyError(parsed.error)}`);
  const config = parsed.data;
  if (config.baseline) config.baseline = resolve(dirname(file), config.baseline);
  return { config, file };
}

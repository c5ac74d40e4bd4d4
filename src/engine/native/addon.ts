// The shape of the napi addon built from crates/engine-node (see its src/lib.rs).

export interface RunControl {
  cancel(): void;
  /** [filesDone, filesTotal]; filesTotal is 0 until discovery has finished. */
  progress(): number[];
}

export interface NativeAddon {
  /** AnalyzeOptions (without signal/progress) as JSON → AnalyzeResult as JSON. */
  analyze(request: string, control: RunControl): Promise<string>;
  /** {files, root, options} as JSON → DependencyGraph as JSON. */
  dependencies(request: string): Promise<string>;
  engineVersion(): string;
  panicForTest(): void;
  RunControl: new () => RunControl;
}

/** Errors from the addon carry `{code, message}` as JSON in their message. */
export interface AddonError {
  code: string;
  message: string;
}

export function addonError(error: unknown): AddonError {
  const text = error instanceof Error ? error.message : String(error);
  try {
    const parsed = JSON.parse(text) as Partial<AddonError>;
    if (typeof parsed.code === 'string' && typeof parsed.message === 'string')
      return { code: parsed.code, message: parsed.message };
  } catch {
    // not one of ours: a napi argument error, for instance
  }
  return { code: 'INTERNAL', message: text };
}

export function isNativeAddon(value: unknown): value is NativeAddon {
  const a = value as Partial<NativeAddon> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.analyze === 'function' &&
    typeof a.dependencies === 'function' &&
    typeof a.engineVersion === 'function' &&
    typeof a.RunControl === 'function'
  );
}

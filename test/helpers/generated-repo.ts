import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A generated repository whose unbudgeted answers are far larger than an agent's client
 * accepts: many files under long paths, each with a class of methods, functions with
 * branches, imports of other files (rings of three make cycles) and a Python twin.
 * Also one file with very many functions, larger on its own than a page.
 */
export function generatedRepo(files: number): { dir: string; files: string[]; hugeFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mca-gen-'));
  const paths: string[] = [];
  const tsPath = (i: number) =>
    `packages/area-${i % 9}/module-group-${i % 13}/implementation-details/component_${i}.ts`;
  for (let i = 0; i < files; i++) {
    const ring = i - (i % 3);
    const imports = [ring + ((i + 1) % 3), (i * 7 + 11) % files]
      .filter((j) => j !== i && j < files)
      .map((j) => `import { Component${j} } from '${relative(tsPath(i), tsPath(j))}';`);
    const methods = Array.from(
      { length: 10 },
      (_, m) =>
        `  method${m}WithADescriptiveName(value: number, other: string): number {\n    if (value > ${m} && other.length > 0) { return value * ${m}; }\n    for (const c of other) { if (c === 'x' || c === 'y') { value += 1; } }\n    return value;\n  }`,
    );
    const body = `${imports.join('\n')}\n\n/** Component ${i}. */\nexport class Component${i} {\n${methods.join('\n')}\n}\n\nexport function helper${i}(a: number): number {\n  return a > 0 ? a : -a;\n}\n`;
    write(dir, tsPath(i), body);
    paths.push(tsPath(i));
    if (i % 4 === 0) {
      const py = `packages/area-${i % 9}/python_tools/tool_${i}.py`;
      write(
        dir,
        py,
        `import os\n\n\nclass Tool${i}:\n    def run(self, value):\n        if value and os.path.exists(value):\n            return 1\n        return 0\n\n\ndef main_${i}(argv):\n    for a in argv:\n        if a == "x" or a == "y":\n            return 1\n    return 0\n`,
      );
      paths.push(py);
    }
  }
  const hugeFile = 'packages/generated/huge_module.ts';
  write(
    dir,
    hugeFile,
    Array.from(
      { length: 3000 },
      (_, k) => `export function generatedFunctionNumber${k}(x: number): number {\n  return x > ${k} ? x : ${k};\n}\n`,
    ).join(''),
  );
  paths.push(hugeFile);
  return { dir, files: paths.sort(), hugeFile };
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

function relative(from: string, to: string): string {
  const a = dirname(from).split('/');
  const b = to.replace(/\.ts$/, '.js').split('/');
  let k = 0;
  while (k < a.length && a[k] === b[k]) k++;
  const up = a.length - k;
  return `${up === 0 ? './' : '../'.repeat(up)}${b.slice(k).join('/')}`;
}

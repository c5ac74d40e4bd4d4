// The TypeScript side of bench/nav-accuracy.mjs: the exported top-level declarations or the class
// methods of a source tree (the sample space), the language service's findReferences (the ground
// truth), and what kind of place a position is (to explain misses and false positives by category).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/** Every .ts/.tsx file under root (no .d.ts, no node_modules), sorted. */
export function tsFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
    }
  };
  walk(root);
  return out;
}

const rel = (root, file) => relative(root, file).split(sep).join('/');

function isExported(node) {
  const mods = ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : [];
  return (
    mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) &&
    !mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)
  );
}

/**
 * The exported top-level functions, classes, variables, interfaces, type aliases and enums of
 * the files, one per (file, name) (the first declaration: overloads and merged declarations
 * count once), in file then position order: { path, name, kind, line, column (1-based), pos }.
 */
export function exportedDeclarations(root, files) {
  const out = [];
  for (const file of files) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const seen = new Set();
    const add = (nameNode, kind) => {
      if (!nameNode || !ts.isIdentifier(nameNode) || seen.has(nameNode.text)) return;
      seen.add(nameNode.text);
      const pos = nameNode.getStart(sf);
      const lc = sf.getLineAndCharacterOfPosition(pos);
      out.push({ path: rel(root, file), name: nameNode.text, kind, line: lc.line + 1, column: lc.character + 1, pos });
    };
    for (const st of sf.statements) {
      if (!isExported(st)) continue;
      if (ts.isFunctionDeclaration(st)) add(st.name, 'function');
      else if (ts.isClassDeclaration(st)) add(st.name, 'class');
      else if (ts.isInterfaceDeclaration(st)) add(st.name, 'interface');
      else if (ts.isTypeAliasDeclaration(st)) add(st.name, 'type');
      else if (ts.isEnumDeclaration(st)) add(st.name, 'enum');
      else if (ts.isVariableStatement(st))
        for (const d of st.declarationList.declarations)
          add(d.name, st.declarationList.flags & ts.NodeFlags.Const ? 'const' : 'variable');
    }
  }
  return out;
}

/** The 1-based column in code points of a UTF-16 offset (tsc's unit) on its line. */
function codePointColumn(text, lineStart, pos) {
  return [...text.slice(lineStart, pos)].length + 1;
}

/**
 * The methods declared in the classes of the files (class declarations and class expressions,
 * at any depth; not accessors, not constructors, not computed or #private names), one per
 * (class, name) (the first declaration: overloads count once), in file then position order:
 * { path, name, kind: 'method', container (the class's name, or '(anonymous)'), line,
 * column (1-based, in code points, as find_references takes it), pos (UTF-16 offset) }.
 */
export function classMethods(root, files) {
  const out = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isClassLike(node)) {
        const seen = new Set();
        const container = node.name?.text ?? '(anonymous)';
        for (const m of node.members) {
          if (!ts.isMethodDeclaration(m) || !ts.isIdentifier(m.name) || seen.has(m.name.text)) continue;
          seen.add(m.name.text);
          const pos = m.name.getStart(sf);
          const lc = sf.getLineAndCharacterOfPosition(pos);
          const lineStart = sf.getPositionOfLineAndCharacter(lc.line, 0);
          out.push({
            path: rel(root, file),
            name: m.name.text,
            kind: 'method',
            container,
            line: lc.line + 1,
            column: codePointColumn(text, lineStart, pos),
            pos,
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/**
 * A language service over the files, with the options a package like effect builds with
 * (bundler resolution, .ts extensions in imports, the package's own name mapped to its sources).
 */
export function languageService(root, files, packageName) {
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: true,
    allowJs: false,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    baseUrl: root,
    ...(packageName
      ? { paths: { [packageName]: ['./index.ts'], [`${packageName}/*`]: ['./*.ts', './*/index.ts'] } }
      : {}),
  };
  const snapshots = new Map();
  const host = {
    getScriptFileNames: () => files,
    getScriptVersion: () => '1',
    getScriptSnapshot(file) {
      if (!snapshots.has(file)) {
        let text;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          return undefined;
        }
        snapshots.set(file, ts.ScriptSnapshot.fromString(text));
      }
      return snapshots.get(file);
    },
    getCurrentDirectory: () => root,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const program = () => service.getProgram();
  return {
    service,
    program,
    /** The diagnostics that say the setup is wrong: unresolved modules in the tree. */
    unresolvedImports() {
      const p = program();
      const out = [];
      for (const file of files) {
        const sf = p.getSourceFile(file);
        for (const d of p.getSemanticDiagnostics(sf))
          if (d.code === 2307) out.push(`${rel(root, file)}: ${d.messageText}`);
      }
      return out;
    },
    /**
     * findReferences at a name: [{ path, line, column (1-based), isDefinition }] under root,
     * deduplicated; columns in UTF-16 units (tsc's), or in code points with { codePoints: true }.
     */
    references(path, pos, { codePoints = false } = {}) {
      const p = program();
      const groups = service.findReferences(join(root, path), pos) ?? [];
      const out = new Map();
      for (const g of groups)
        for (const r of g.references) {
          if (r.fileName.includes('/node_modules/') || !r.fileName.startsWith(root)) continue;
          const sf = p.getSourceFile(r.fileName);
          if (!sf) continue;
          const lc = sf.getLineAndCharacterOfPosition(r.textSpan.start);
          const column = codePoints
            ? codePointColumn(sf.text, sf.getPositionOfLineAndCharacter(lc.line, 0), r.textSpan.start)
            : lc.character + 1;
          const ref = { path: rel(root, r.fileName), line: lc.line + 1, column };
          const key = `${ref.path}:${ref.line}:${ref.column}`;
          if (!out.has(key)) out.set(key, { ...ref, isDefinition: Boolean(r.isDefinition) });
        }
      return [...out.values()];
    },
  };
}

function deepestAt(sf, pos) {
  let node = sf;
  for (;;) {
    const next = node.getChildren(sf).find((c) => c.getStart(sf) <= pos && pos < c.getEnd());
    if (!next) return node;
    node = next;
  }
}

function inType(node) {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isTypeNode(n) || ts.isHeritageClause(n)) return true;
    if (ts.isStatement(n) || ts.isExpression(n) || ts.isSourceFile(n)) return false;
  }
  return false;
}

function namespaceImportNamed(sf, name) {
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st)) continue;
    const nb = st.importClause?.namedBindings;
    if (nb && ts.isNamespaceImport(nb) && nb.name.text === name) return true;
  }
  return false;
}

/** What kind of place (path, line, column) is in a program: a short category for the report. */
export function tsPlace(program, root, path, line, column) {
  const sf = program.getSourceFile(join(root, path));
  if (!sf) return 'file not in program';
  let pos;
  try {
    pos = sf.getPositionOfLineAndCharacter(line - 1, column - 1);
  } catch {
    return 'position outside the file';
  }
  const lineText = sf.text.split('\n')[line - 1] ?? '';
  const before = lineText.slice(0, column - 1).trim();
  if (/^(\/\*\*|\*|\/\/)/.test(before) || before.startsWith('*')) return 'comment / JSDoc';
  const node = deepestAt(sf, pos);
  if (node.kind === ts.SyntaxKind.JSDoc || ts.findAncestor(node, (n) => n.kind === ts.SyntaxKind.JSDoc))
    return 'comment / JSDoc';
  if (!ts.isIdentifier(node)) {
    if (node.kind === ts.SyntaxKind.StringLiteral) return 'string literal (module specifier, key)';
    return `not a name (${ts.SyntaxKind[node.kind]})`;
  }
  const parent = node.parent;
  if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent)) return 'import';
  if (ts.isExportSpecifier(parent)) return 're-export (export { x } / export { x as y })';
  if (ts.isNamespaceExport(parent)) return 're-export (export * as X)';
  if (ts.isShorthandPropertyAssignment(parent)) return 'shorthand property { x }';
  if (parent.name === node && (ts.isDeclarationStatement?.(parent) || ts.isVariableDeclaration(parent)))
    return 'declaration (overload / merged declaration)';
  if (parent.name === node && ts.isFunctionDeclaration(parent)) return 'declaration (overload / merged declaration)';
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) {
    const expr = parent.expression;
    if (ts.isIdentifier(expr) && namespaceImportNamed(sf, expr.text)) return 'namespace member X.name (import * as X)';
    return 'member access obj.name';
  }
  if (ts.isQualifiedName(parent) && parent.right === node) {
    const left = parent.left;
    if (ts.isIdentifier(left) && namespaceImportNamed(sf, left.text)) return 'namespace member in a type X.Name';
    return 'qualified name in a type A.B';
  }
  if (ts.isTypeQueryNode(parent)) return 'typeof x (type query)';
  if (ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent))
    return 'property name';
  if (ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent)) return 'method name';
  if (inType(node)) return 'type position';
  if (ts.isCallExpression(parent) && parent.expression === node) return 'call';
  return 'value reference';
}

/**
 * The regions tree-sitter's TypeScript grammar (the one our tags run on) cannot parse: a
 * function (path, pos) → true when pos is inside an ERROR node (the whole file when the root is
 * one), with the count of files whose root is ERROR. Positions are UTF-16 offsets, like tsc's.
 */
export async function treeSitterErrorRegions(root, files) {
  const { Parser, Language } = await import('web-tree-sitter');
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(await Language.load(require.resolve('tree-sitter-typescript/tree-sitter-typescript.wasm')));
  const regions = new Map();
  const rootErrors = [];
  for (const file of files) {
    const tree = parser.parse(readFileSync(file, 'utf8'));
    const out = [];
    const walk = (n) => {
      if (n.type === 'ERROR') out.push([n.startIndex, n.endIndex]);
      else if (n.hasError) for (const c of n.children) walk(c);
    };
    if (tree.rootNode.type === 'ERROR') rootErrors.push(rel(root, file));
    walk(tree.rootNode);
    if (out.length) regions.set(rel(root, file), out);
    tree.delete();
  }
  parser.delete();
  return {
    rootErrors,
    filesWithErrors: regions.size,
    inError: (path, pos) => (regions.get(path) ?? []).some(([s, e]) => s <= pos && pos < e),
  };
}

/** The UTF-16 offset of a 1-based line and column in a file of the program (undefined if outside). */
export function offsetOf(program, root, path, line, column) {
  const sf = program.getSourceFile(join(root, path));
  if (!sf) return undefined;
  try {
    return sf.getPositionOfLineAndCharacter(line - 1, column - 1);
  } catch {
    return undefined;
  }
}

/** The 1-based UTF-16 column (tsc's unit) of a 1-based column in code points (undefined if outside). */
export function utf16Column(program, root, path, line, column) {
  const sf = program.getSourceFile(join(root, path));
  if (!sf) return undefined;
  try {
    const start = sf.getPositionOfLineAndCharacter(line - 1, 0);
    const text = sf.text.slice(start, sf.getLineEndOfPosition(start));
    return [...text].slice(0, column - 1).join('').length + 1;
  } catch {
    return undefined;
  }
}

/**
 * What declares the member whose name is at (path, line, column (UTF-16, 1-based)): 'interface',
 * 'class', 'type literal', 'object literal' or undefined when the place is no member's name.
 */
export function memberOwner(program, root, path, line, column) {
  const sf = program.getSourceFile(join(root, path));
  if (!sf) return undefined;
  let pos;
  try {
    pos = sf.getPositionOfLineAndCharacter(line - 1, column - 1);
  } catch {
    return undefined;
  }
  const owner = deepestAt(sf, pos).parent?.parent;
  if (!owner) return undefined;
  if (ts.isInterfaceDeclaration(owner)) return 'interface';
  if (ts.isClassLike(owner)) return 'class';
  if (ts.isTypeLiteralNode(owner)) return 'type literal';
  if (ts.isObjectLiteralExpression(owner)) return 'object literal';
  return undefined;
}

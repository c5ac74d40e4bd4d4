#!/usr/bin/env python3
"""Python side of bench/nav-accuracy.mjs: the candidates and jedi's references (the ground truth).

  nav-accuracy-jedi.py list ROOT [--methods]
      prints JSON: every top-level function/class of the .py files under ROOT, sorted,
      as {path (relative to ROOT), name, kind, line (1-based), column (1-based, of the name)};
      with --methods, every method instead: a function defined directly in the body of a class
      (at any depth, dunders included), kind "method", with its class's name as container.
  nav-accuracy-jedi.py refs ROOT TIMEOUT_SECONDS < tasks.jsonl
      reads one JSON task a line ({id, path, line, column}, 1-based) and prints one JSON line
      a task: {id, refs: [[path, line, column], ...] (1-based, under ROOT), ms} or
      {id, error, ms} ("timeout" when jedi took longer than TIMEOUT_SECONDS).
"""
import ast
import json
import os
import re
import signal
import sys
import time


def _defined(out, rel, lines, node, kind, keyword, container=None):
    line = lines[node.lineno - 1]
    m = re.search(r"\b%s\s+(%s)\b" % (keyword, re.escape(node.name)), line)
    if not m:
        return
    item = {"path": rel, "name": node.name, "kind": kind, "line": node.lineno, "column": m.start(1) + 1}
    if container is not None:
        item["container"] = container
    out.append(item)


def _methods(out, rel, lines, tree):
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef):
            continue
        seen = set()
        for node in cls.body:
            # The first definition of a name in the class (a property's setter redefines it).
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name not in seen:
                seen.add(node.name)
                _defined(out, rel, lines, node, "method", "def", cls.name)


def candidates(root, methods=False):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for filename in sorted(filenames):
            if not filename.endswith(".py"):
                continue
            full = os.path.join(dirpath, filename)
            rel = os.path.relpath(full, root)
            try:
                with open(full, encoding="utf-8") as f:
                    text = f.read()
                tree = ast.parse(text)
            except (SyntaxError, UnicodeDecodeError, ValueError):
                continue
            lines = text.split("\n")
            if methods:
                before = len(out)
                _methods(out, rel, lines, tree)
                out[before:] = sorted(out[before:], key=lambda c: (c["line"], c["column"]))
                continue
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    kind, keyword = "function", "def"
                elif isinstance(node, ast.ClassDef):
                    kind, keyword = "class", "class"
                else:
                    continue
                line = lines[node.lineno - 1]
                m = re.search(r"\b%s\s+(%s)\b" % (keyword, re.escape(node.name)), line)
                if not m:
                    continue
                out.append(
                    {"path": rel, "name": node.name, "kind": kind, "line": node.lineno, "column": m.start(1) + 1}
                )
    return out


class Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise Timeout()


def refs(root, timeout):
    import jedi
    import jedi.inference.references as jedi_references

    # jedi stops a project-wide search after 30 parsed / 2000 opened files that contain the
    # name (an editor's latency budget); a ground truth needs all of them.
    jedi_references._PARSED_FILE_LIMIT = 10**9
    jedi_references._OPENED_FILE_LIMIT = 10**9
    # The package's parent on the path, so `import django.x` resolves to the files under ROOT
    # whichever interpreter runs this.
    parent = os.path.dirname(os.path.realpath(root))
    # smart_sys_path off: otherwise ROOT itself goes on the path and its modules get a second
    # name (utils.text beside django.utils.text) that jedi does not unify.
    project = jedi.Project(root, added_sys_path=[parent], smart_sys_path=False)
    real_root = os.path.realpath(root)
    signal.signal(signal.SIGALRM, _alarm)
    for raw in sys.stdin:
        raw = raw.strip()
        if not raw:
            continue
        task = json.loads(raw)
        start = time.monotonic()
        result = {"id": task["id"]}
        signal.alarm(timeout)
        try:
            script = jedi.Script(path=os.path.join(root, task["path"]), project=project)
            names = script.get_references(task["line"], task["column"] - 1)
            signal.alarm(0)
            found = []
            for n in names:
                if n.module_path is None or n.line is None:
                    continue
                path = os.path.realpath(str(n.module_path))
                if not path.startswith(real_root + os.sep):
                    continue
                found.append([os.path.relpath(path, real_root), n.line, n.column + 1])
            result["refs"] = found
        except Timeout:
            result["error"] = "timeout"
        except Exception as e:  # jedi's own failures are reported, not fatal
            signal.alarm(0)
            result["error"] = "%s: %s" % (type(e).__name__, e)
        result["ms"] = round((time.monotonic() - start) * 1000)
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "list":
        json.dump(candidates(sys.argv[2], methods="--methods" in sys.argv[3:]), sys.stdout)
    elif len(sys.argv) >= 4 and sys.argv[1] == "refs":
        refs(sys.argv[2], int(sys.argv[3]))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)

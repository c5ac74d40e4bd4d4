//! Python (src/engine/deps/resolve-python.ts): `a.b` is a/b.py or a/b/__init__.py; `from X
//! import n` points to the submodule X/n when it exists, else X; searched from the root,
//! `src/`, and the root's parent when the root is itself a package.

use std::collections::BTreeSet;

use super::file_index::{dir_of, join_path, parent_dir, FileIndex};
use super::{file_targets, Resolution, ResolveContext};
use crate::text::js_cmp;
use crate::types::RawImport;

struct SearchRoot {
    dir: &'static str,
    prefix: Option<String>,
}

pub struct PythonResolver {
    roots: Vec<SearchRoot>,
}

impl PythonResolver {
    pub fn new(ctx: &ResolveContext) -> Self {
        let mut roots = vec![
            SearchRoot {
                dir: "",
                prefix: None,
            },
            SearchRoot {
                dir: "src",
                prefix: None,
            },
        ];
        if ctx.index.is_file("__init__.py") {
            let base = ctx
                .root
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            roots.push(SearchRoot {
                dir: "",
                prefix: Some(base),
            });
        }
        PythonResolver { roots }
    }

    pub fn resolve(&self, ctx: &ResolveContext, from: &str, imp: &RawImport) -> Resolution {
        let level = imp.level.unwrap_or(0) as usize;
        let parts: Vec<&str> = imp
            .specifier
            .get(level..)
            .unwrap_or("")
            .split('.')
            .filter(|p| !p.is_empty())
            .collect();
        let names = imp.names.as_deref();
        if level > 0 {
            let mut base = Some(dir_of(from));
            for _ in 1..level {
                base = base.and_then(|b| parent_dir(&b));
            }
            let Some(base) = base else {
                return Resolution::Unresolved;
            };
            // `from . import x`: the module is the package directory itself, only its __init__.py.
            return file_targets(module_targets(
                &ctx.index,
                join_path(&base, &parts.join("/")),
                names,
                parts.is_empty(),
            ));
        }
        for root in &self.roots {
            if root
                .prefix
                .as_deref()
                .is_some_and(|p| parts.first() != Some(&p))
            {
                continue;
            }
            let rest = if root.prefix.is_some() {
                &parts[1..]
            } else {
                &parts[..]
            };
            let targets = module_targets(
                &ctx.index,
                join_path(root.dir, &rest.join("/")),
                names,
                false,
            );
            if !targets.is_empty() {
                return Resolution::File(targets);
            }
        }
        let top = parts.first().copied().unwrap_or("");
        if PYTHON_STDLIB.contains(&top) {
            Resolution::Builtin(top.to_string())
        } else {
            Resolution::External(top.to_string())
        }
    }
}

fn module_file(index: &FileIndex, path: Option<String>, package_only: bool) -> Option<String> {
    let path = path?;
    let init = if path.is_empty() {
        "__init__.py".to_string()
    } else {
        format!("{path}/__init__.py")
    };
    let candidates = if package_only || path.is_empty() {
        vec![init]
    } else {
        vec![format!("{path}.py"), init]
    };
    candidates.into_iter().find(|c| index.is_file(c))
}

/// Submodules named by `from X import a, b` first, and X itself when a name is not one.
fn module_targets(
    index: &FileIndex,
    path: Option<String>,
    names: Option<&[String]>,
    package_only: bool,
) -> Vec<String> {
    let Some(path) = path else { return Vec::new() };
    let mut targets = BTreeSet::new();
    let mut needs_module = names.is_none_or(|n| n.is_empty());
    for name in names.unwrap_or(&[]) {
        let sub = if name == "*" {
            None
        } else {
            module_file(index, join_path(&path, &name.replace('.', "/")), false)
        };
        match sub {
            Some(s) => {
                targets.insert(s);
            }
            None => needs_module = true,
        }
    }
    if needs_module {
        if let Some(own) = module_file(index, Some(path), package_only) {
            targets.insert(own);
        }
    }
    let mut out: Vec<String> = targets.into_iter().collect();
    out.sort_by(|a, b| js_cmp(a, b));
    out
}

pub const PYTHON_STDLIB: &[&str] = &[
    "__future__",
    "abc",
    "aifc",
    "antigravity",
    "argparse",
    "array",
    "ast",
    "asynchat",
    "asyncio",
    "asyncore",
    "atexit",
    "audioop",
    "base64",
    "bdb",
    "binascii",
    "bisect",
    "builtins",
    "bz2",
    "cProfile",
    "calendar",
    "cgi",
    "cgitb",
    "chunk",
    "cmath",
    "cmd",
    "code",
    "codecs",
    "codeop",
    "collections",
    "colorsys",
    "compileall",
    "concurrent",
    "configparser",
    "contextlib",
    "contextvars",
    "copy",
    "copyreg",
    "crypt",
    "csv",
    "ctypes",
    "curses",
    "dataclasses",
    "datetime",
    "dbm",
    "decimal",
    "difflib",
    "dis",
    "distutils",
    "doctest",
    "email",
    "encodings",
    "ensurepip",
    "enum",
    "errno",
    "faulthandler",
    "fcntl",
    "filecmp",
    "fileinput",
    "fnmatch",
    "fractions",
    "ftplib",
    "functools",
    "gc",
    "genericpath",
    "getopt",
    "getpass",
    "gettext",
    "glob",
    "graphlib",
    "grp",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "http",
    "idlelib",
    "imaplib",
    "imghdr",
    "imp",
    "importlib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "keyword",
    "lib2to3",
    "linecache",
    "locale",
    "logging",
    "lzma",
    "mailbox",
    "mailcap",
    "marshal",
    "math",
    "mimetypes",
    "mmap",
    "modulefinder",
    "msilib",
    "msvcrt",
    "multiprocessing",
    "netrc",
    "nis",
    "nntplib",
    "nt",
    "ntpath",
    "nturl2path",
    "numbers",
    "opcode",
    "operator",
    "optparse",
    "os",
    "ossaudiodev",
    "pathlib",
    "pdb",
    "pickle",
    "pickletools",
    "pipes",
    "pkgutil",
    "platform",
    "plistlib",
    "poplib",
    "posix",
    "posixpath",
    "pprint",
    "profile",
    "pstats",
    "pty",
    "pwd",
    "py_compile",
    "pyclbr",
    "pydoc",
    "pydoc_data",
    "pyexpat",
    "queue",
    "quopri",
    "random",
    "re",
    "readline",
    "reprlib",
    "resource",
    "rlcompleter",
    "runpy",
    "sched",
    "secrets",
    "select",
    "selectors",
    "shelve",
    "shlex",
    "shutil",
    "signal",
    "site",
    "smtpd",
    "smtplib",
    "sndhdr",
    "socket",
    "socketserver",
    "spwd",
    "sqlite3",
    "sre_compile",
    "sre_constants",
    "sre_parse",
    "ssl",
    "stat",
    "statistics",
    "string",
    "stringprep",
    "struct",
    "subprocess",
    "sunau",
    "symtable",
    "sys",
    "sysconfig",
    "syslog",
    "tabnanny",
    "tarfile",
    "telnetlib",
    "tempfile",
    "termios",
    "textwrap",
    "this",
    "threading",
    "time",
    "timeit",
    "tkinter",
    "token",
    "tokenize",
    "tomllib",
    "trace",
    "traceback",
    "tracemalloc",
    "tty",
    "turtle",
    "turtledemo",
    "types",
    "typing",
    "unicodedata",
    "unittest",
    "urllib",
    "uu",
    "uuid",
    "venv",
    "warnings",
    "wave",
    "weakref",
    "webbrowser",
    "winreg",
    "winsound",
    "wsgiref",
    "xdrlib",
    "xml",
    "xmlrpc",
    "zipapp",
    "zipfile",
    "zipimport",
    "zlib",
    "zoneinfo",
];

//! Java (src/engine/deps/resolve-java.ts): `import a.b.C` → the analysed file declaring
//! `package a.b` and type C; a wildcard → every file of the package; an unknown package is
//! unresolved when analysed files declare it, else builtin (the JDK) or external.

use std::collections::HashMap;

use super::{DepFile, Resolution, ResolveContext};
use crate::lang::Language;
use crate::text::js_cmp;
use crate::types::RawImport;

const JAVA_BUILTIN_PREFIXES: &[&str] = &[
    "java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.",
];

pub struct JavaResolver<'a> {
    packages: HashMap<String, Vec<&'a DepFile>>,
}

impl<'a> JavaResolver<'a> {
    pub fn new(ctx: &ResolveContext<'a>) -> Self {
        let mut packages: HashMap<String, Vec<&'a DepFile>> = HashMap::new();
        for f in ctx.files.iter().filter(|f| f.language == Language::Java) {
            if let Some(p) = &f.package_name {
                packages.entry(p.clone()).or_default().push(f);
            }
        }
        JavaResolver { packages }
    }

    pub fn resolve(&self, imp: &RawImport) -> Resolution {
        let wildcard = imp.specifier.ends_with(".*");
        let dotted = if wildcard {
            &imp.specifier[..imp.specifier.len() - 2]
        } else {
            &imp.specifier[..]
        };
        if wildcard {
            if let Some(files) = self.packages.get(dotted) {
                let mut paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
                paths.sort_by(|a, b| js_cmp(a, b));
                return Resolution::File(paths);
            }
        }
        let segments: Vec<&str> = dotted.split('.').collect();
        // Longest package first, so a.b.Outer.Inner tries package a.b.Outer, then a.b + Outer.
        for i in (1..segments.len()).rev() {
            if let Some(file) = self.type_file(&segments[..i].join("."), segments[i]) {
                return Resolution::File(vec![file]);
            }
        }
        self.not_local(dotted, &segments, wildcard)
    }

    fn type_file(&self, pkg: &str, ty: &str) -> Option<String> {
        let files = self.packages.get(pkg)?;
        let by_name = files
            .iter()
            .find(|f| f.path.ends_with(&format!("/{ty}.java")) || f.path == format!("{ty}.java"));
        by_name
            .or_else(|| files.iter().find(|f| f.symbols.iter().any(|s| s == ty)))
            .map(|f| f.path.clone())
    }

    fn not_local(&self, dotted: &str, segments: &[&str], wildcard: bool) -> Resolution {
        // The package is the part before the first capitalised segment (the type).
        let type_at = segments
            .iter()
            .position(|s| s.starts_with(|c: char| c.is_ascii_uppercase()));
        let pkg = match type_at {
            None if wildcard => dotted.to_string(),
            None => segments[..segments.len().saturating_sub(1)].join("."),
            Some(t) => segments[..t].join("."),
        };
        if self.packages.contains_key(&pkg) {
            return Resolution::Unresolved;
        }
        let dotted_pkg = format!("{pkg}.");
        if JAVA_BUILTIN_PREFIXES
            .iter()
            .any(|p| dotted_pkg.starts_with(p))
        {
            Resolution::Builtin(pkg)
        } else {
            Resolution::External(pkg)
        }
    }
}

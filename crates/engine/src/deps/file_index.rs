//! The files a resolver may point to (src/engine/deps/file-index.ts): the analysed files,
//! then the file system under the root; answers memoised.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use crate::text::js_cmp;

pub struct FileIndex {
    pub root: String,
    known: HashSet<String>,
    by_dir: HashMap<String, Vec<String>>,
    probed: RefCell<HashMap<String, bool>>,
    listed: RefCell<HashMap<String, Vec<String>>>,
}

/// `posix.normalize` then the checks of `FileIndex.clean`: None when the path leaves the root.
pub fn clean(path: &str) -> Option<String> {
    if path.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    if parts.first() == Some(&"..") {
        return None;
    }
    Some(parts.join("/"))
}

pub fn parent_dir(dir: &str) -> Option<String> {
    if dir.is_empty() {
        return None;
    }
    Some(
        dir.rfind('/')
            .map_or(String::new(), |i| dir[..i].to_string()),
    )
}

pub fn dir_of(path: &str) -> String {
    path.rfind('/')
        .map_or(String::new(), |i| path[..i].to_string())
}

pub fn join_path(dir: &str, rel: &str) -> Option<String> {
    if dir.is_empty() {
        clean(rel)
    } else {
        clean(&format!("{dir}/{rel}"))
    }
}

impl FileIndex {
    pub fn new(root: &str, paths: impl Iterator<Item = String>) -> FileIndex {
        let known: HashSet<String> = paths.collect();
        let mut by_dir: HashMap<String, Vec<String>> = HashMap::new();
        for p in &known {
            by_dir.entry(dir_of(p)).or_default().push(p.clone());
        }
        FileIndex {
            root: root.to_string(),
            known,
            by_dir,
            probed: RefCell::default(),
            listed: RefCell::default(),
        }
    }

    pub fn is_file(&self, path: &str) -> bool {
        if path.is_empty() {
            return false;
        }
        if self.known.contains(path) {
            return true;
        }
        if let Some(found) = self.probed.borrow().get(path) {
            return *found;
        }
        let found = std::fs::metadata(format!("{}/{path}", self.root)).is_ok_and(|m| m.is_file());
        self.probed.borrow_mut().insert(path.to_string(), found);
        found
    }

    /// Files directly in a directory (analysed ones and those on disk), sorted.
    pub fn list_dir(&self, dir: &str) -> Vec<String> {
        if let Some(list) = self.listed.borrow().get(dir) {
            return list.clone();
        }
        let mut names: HashSet<String> = self
            .by_dir
            .get(dir)
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .collect();
        let abs = if dir.is_empty() {
            self.root.clone()
        } else {
            format!("{}/{dir}", self.root)
        };
        if let Ok(entries) = std::fs::read_dir(abs) {
            for e in entries.flatten() {
                if e.file_type().is_ok_and(|t| t.is_file()) {
                    let name = e.file_name().to_string_lossy().into_owned();
                    names.insert(if dir.is_empty() {
                        name
                    } else {
                        format!("{dir}/{name}")
                    });
                }
            }
        }
        let mut list: Vec<String> = names.into_iter().collect();
        list.sort_by(|a, b| js_cmp(a, b));
        self.listed
            .borrow_mut()
            .insert(dir.to_string(), list.clone());
        list
    }

    pub fn read_text(&self, path: &str) -> Option<String> {
        std::fs::read(format!("{}/{path}", self.root))
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    /// Nearest directory from `dir` up to the root holding `name`.
    pub fn find_up(&self, dir: &str, name: &str) -> Option<String> {
        let mut d = Some(dir.to_string());
        while let Some(cur) = d {
            let candidate = if cur.is_empty() {
                name.to_string()
            } else {
                format!("{cur}/{name}")
            };
            if self.is_file(&candidate) {
                return Some(cur);
            }
            d = parent_dir(&cur);
        }
        None
    }
}

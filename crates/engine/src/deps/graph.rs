//! The graph result (src/engine/deps/graph.ts): an edge is unique per (from, to, kind),
//! keeping the first line; fanIn/fanOut count distinct neighbouring files; orphans have no
//! file edges; cycles are import-time cycles (`makes_cycle`). Everything sorted by path / id.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::tarjan::strongly_connected;
use super::DependencyOptions;
use crate::lang::{language_of, Language};
use crate::text::js_cmp;
use crate::types::ImportKind;

#[derive(Debug, Clone, Serialize)]
pub struct DependencyEdge {
    pub from: String,
    pub to: String,
    pub kind: ImportKind,
    pub line: u64,
    pub target: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DependencyNode {
    pub id: String,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    pub fan_in: u64,
    pub fan_out: u64,
    pub instability: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unresolved {
    pub from: String,
    pub specifier: String,
    pub line: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DependencyGraph {
    pub nodes: Vec<DependencyNode>,
    pub edges: Vec<DependencyEdge>,
    pub cycles: Vec<Vec<String>>,
    pub unresolved: Vec<Unresolved>,
    pub orphans: Vec<String>,
}

pub struct GraphInput {
    pub files: Vec<String>,
    pub edges: Vec<DependencyEdge>,
    pub unresolved: Vec<Unresolved>,
}

struct NodeSets {
    kind: &'static str,
    ins: HashSet<usize>,
    outs: HashSet<usize>,
}

/// Nodes by id, numbered in order of first appearance.
#[derive(Default)]
struct Nodes {
    index: HashMap<String, usize>,
    sets: Vec<NodeSets>,
}

impl Nodes {
    fn ensure(&mut self, id: &str, kind: &'static str) -> usize {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        self.sets.push(NodeSets {
            kind,
            ins: HashSet::new(),
            outs: HashSet::new(),
        });
        self.index.insert(id.to_string(), self.sets.len() - 1);
        self.sets.len() - 1
    }
}

pub fn build_graph(input: GraphInput, options: &DependencyOptions) -> DependencyGraph {
    let include_external = options.include_external == Some(true);
    let mut edges = dedupe(input.edges);
    edges.retain(|e| e.target == "file" || include_external);
    let mut nodes = Nodes::default();
    for f in &input.files {
        nodes.ensure(f, "file");
    }
    for e in &edges {
        let from = nodes.ensure(&e.from, "file");
        let to = nodes.ensure(&e.to, e.target);
        nodes.sets[to].ins.insert(from);
        if e.target == "file" {
            nodes.sets[from].outs.insert(to);
        }
    }
    let mut ids: Vec<&String> = nodes.index.keys().collect();
    ids.sort_by(|a, b| js_cmp(a, b));
    let ids: Vec<String> = ids.into_iter().cloned().collect();
    let cycles = find_cycles(&ids, &edges, options);
    let mut unresolved = input.unresolved;
    unresolved.sort_by(|a, b| {
        js_cmp(&a.from, &b.from)
            .then(a.line.cmp(&b.line))
            .then(js_cmp(&a.specifier, &b.specifier))
    });
    let is_orphan = |f: &String| {
        nodes
            .index
            .get(f)
            .is_some_and(|&i| nodes.sets[i].ins.is_empty() && nodes.sets[i].outs.is_empty())
    };
    let mut orphans: Vec<String> = input
        .files
        .iter()
        .filter(|f| is_orphan(f))
        .cloned()
        .collect();
    orphans.sort_by(|a, b| js_cmp(a, b));
    let nodes = ids
        .iter()
        .map(|id| to_node(id, &nodes.sets[nodes.index[id]]))
        .collect();
    DependencyGraph {
        nodes,
        edges,
        cycles,
        unresolved,
        orphans,
    }
}

fn to_node(id: &str, n: &NodeSets) -> DependencyNode {
    let fan_in = n.ins.len() as u64;
    let fan_out = n.outs.len() as u64;
    let total = fan_in + fan_out;
    DependencyNode {
        id: id.to_string(),
        kind: n.kind,
        language: if n.kind == "file" {
            language_of(id)
        } else {
            None
        },
        fan_in,
        fan_out,
        instability: if total == 0 {
            0.0
        } else {
            fan_out as f64 / total as f64
        },
    }
}

/// One edge per (from, to, kind), the one with the first line; sorted by from, to, kind, line.
fn dedupe(mut edges: Vec<DependencyEdge>) -> Vec<DependencyEdge> {
    edges.sort_by(|a, b| {
        js_cmp(&a.from, &b.from)
            .then_with(|| js_cmp(&a.to, &b.to))
            .then_with(|| a.kind.as_str().cmp(b.kind.as_str()))
            .then(a.line.cmp(&b.line))
    });
    edges.dedup_by(|later, first| {
        later.from == first.from && later.to == first.to && later.kind == first.kind
    });
    edges
}

/// Whether an edge can close an import cycle (METRICS.md): a file edge that runs when its
/// module is imported (`static`, `reexport`); `type` and `dynamic` ones only when asked.
pub fn makes_cycle(e: &DependencyEdge, options: &DependencyOptions) -> bool {
    if e.target != "file" {
        return false;
    }
    match e.kind {
        ImportKind::Type => options.include_type_edges == Some(true),
        ImportKind::Dynamic => options.include_dynamic_edges == Some(true),
        ImportKind::Static | ImportKind::Reexport => true,
    }
}

fn find_cycles(
    ids: &[String],
    edges: &[DependencyEdge],
    options: &DependencyOptions,
) -> Vec<Vec<String>> {
    let mut successors: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut self_loops: HashSet<&str> = HashSet::new();
    for e in edges {
        if !makes_cycle(e, options) {
            continue;
        }
        if e.from == e.to {
            self_loops.insert(&e.from);
        }
        successors.entry(&e.from).or_default().push(&e.to);
    }
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut cycles: Vec<Vec<String>> = strongly_connected(&id_refs, &successors)
        .into_iter()
        .filter(|c| c.len() > 1 || self_loops.contains(c[0]))
        .map(|c| {
            let mut c: Vec<String> = c.into_iter().map(str::to_string).collect();
            c.sort_by(|a, b| js_cmp(a, b));
            c
        })
        .collect();
    cycles.sort_by(|a, b| js_cmp(&a[0], &b[0]));
    cycles
}

//! Per-function metrics and file totals of one parsed file (src/engine/wasm/metrics/index.ts).

pub mod halstead;
pub mod lang;
pub mod loc;
pub mod record;
pub mod round;
pub mod rules;
pub mod scorer;
pub mod walk;

use crate::node::Src;
use std::sync::OnceLock;

use tree_sitter::Node;

use crate::lang::Language;
use crate::types::{FileTotals, FunctionMetrics};
use halstead::{halstead, raw_volume};
use loc::{split_lines, LineTable};
use record::FnRecord;
use round::{round4, safe_ln};
use rules::{KindTable, LangRules};

/// The kind tables are built once per language, on first use.
fn table_for(language: Language) -> &'static KindTable {
    static TABLES: [OnceLock<KindTable>; 7] = [const { OnceLock::new() }; 7];
    TABLES[language.index()].get_or_init(|| {
        KindTable::new(
            &language.grammar(),
            lang::rules_for(language),
            crate::imports::import_types(language),
        )
    })
}

/// The nodes a file's imports are read from, without the metrics: the same nodes, in the same
/// order, as `compute_metrics` collects (a pre-order walk that, like the metrics walk, does
/// not enter ignored and comment subtrees).
pub fn import_nodes<'t>(root: Node<'t>, language: Language) -> Vec<Node<'t>> {
    let table = table_for(language);
    let mut out = Vec::new();
    let mut cursor = root.walk();
    loop {
        let flags = table.get(cursor.node().kind_id());
        if flags & rules::IMPORT != 0 {
            out.push(cursor.node());
        }
        if flags & (rules::IGNORED | rules::COMMENT) == 0 && cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return out;
            }
        }
    }
}

/// Metrics of a file, plus the nodes its imports are read from (collected on the same walk).
pub fn compute_metrics<'t>(
    root: Node<'t>,
    language: Language,
    src: Src,
) -> (Vec<FunctionMetrics>, FileTotals, Vec<Node<'t>>) {
    let rules: &LangRules = lang::rules_for(language);
    let lines = split_lines(src.text);
    let result = walk::walk(root, src, rules, table_for(language), lines.len());
    let table = LineTable::new(&lines, &result.lines);
    let functions: Vec<FunctionMetrics> = result
        .functions
        .iter()
        .map(|f| to_metrics(f, &result.tokens, &table))
        .collect();
    let mut totals = FileTotals {
        functions: functions.len() as u64,
        cyclomatic_sum: 0,
        cyclomatic_max: 0,
        cognitive_sum: 0,
        loc: table.counts(0, lines.len() as i64 - 1, result.statements as i64),
    };
    totals.loc.sloc = lines.len() as i64;
    for (f, m) in result.functions.iter().zip(&functions) {
        totals.cyclomatic_sum += m.cyclomatic;
        totals.cyclomatic_max = totals.cyclomatic_max.max(m.cyclomatic);
        // A nested function's increments are already in its enclosing function's cognitive.
        if !f.nested {
            totals.cognitive_sum += m.cognitive;
        }
    }
    (functions, totals, result.import_nodes)
}

fn to_metrics(f: &FnRecord, tokens: &[(bool, &str)], table: &LineTable) -> FunctionMetrics {
    let h = halstead(&tokens[f.tok_start..f.tok_end]);
    let loc = table.counts(
        f.start_row as i64,
        f.end_row as i64,
        (f.stmt_end - f.stmt_start) as i64,
    );
    // Same expression order as the TS, so the floating-point result is the same.
    let mi = 171.0
        - 5.2 * safe_ln(raw_volume(h.vocabulary, h.length))
        - 0.23 * f.cyclomatic as f64
        - 16.2 * safe_ln(loc.sloc as f64);
    FunctionMetrics {
        name: f.info.name.clone(),
        kind: f.info.kind,
        start_line: f.start_row as u64 + 1,
        end_line: f.end_row as u64 + 1,
        cyclomatic: f.cyclomatic,
        cognitive: f.cognitive.max(0) as u64,
        params: f.info.params,
        exits: f.exits,
        max_nesting: f.max_nesting.max(0) as u64,
        loc,
        halstead: h,
        mi: round4(mi),
        mi_normalized: round4(((mi * 100.0) / 171.0).max(0.0)),
    }
}

//! Strongly connected components (Tarjan) with an explicit stack: a chain of 100,000
//! imports must not overflow. Nodes in the given order, successors in adjacency order.

use std::collections::{HashMap, HashSet};

pub fn strongly_connected<'a>(
    nodes: &[&'a str],
    successors: &HashMap<&'a str, Vec<&'a str>>,
) -> Vec<Vec<&'a str>> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut low: HashMap<&str, usize> = HashMap::new();
    let mut on_stack: HashSet<&str> = HashSet::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0;
    let empty: Vec<&str> = Vec::new();
    for &start in nodes {
        if index.contains_key(start) {
            continue;
        }
        let mut work: Vec<(&str, usize)> = Vec::new();
        let mut visit = |n: &'a str,
                         work: &mut Vec<(&'a str, usize)>,
                         index: &mut HashMap<&'a str, usize>,
                         low: &mut HashMap<&'a str, usize>,
                         stack: &mut Vec<&'a str>,
                         on_stack: &mut HashSet<&'a str>| {
            index.insert(n, counter);
            low.insert(n, counter);
            counter += 1;
            stack.push(n);
            on_stack.insert(n);
            work.push((n, 0));
        };
        visit(
            start,
            &mut work,
            &mut index,
            &mut low,
            &mut stack,
            &mut on_stack,
        );
        while let Some(&(node, next)) = work.last() {
            let succ = successors.get(node).unwrap_or(&empty);
            if next < succ.len() {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                let w = succ[next];
                if !index.contains_key(w) {
                    visit(
                        w,
                        &mut work,
                        &mut index,
                        &mut low,
                        &mut stack,
                        &mut on_stack,
                    );
                } else if on_stack.contains(w) {
                    let l = low[node].min(index[w]);
                    low.insert(node, l);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                let l = low[parent].min(low[node]);
                low.insert(parent, l);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack.remove(member);
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

//! Facts about the graph that Alembic derives once when it builds its revision map: normalised dependencies
//! (`_normalize_depends_on`) and inherited branch labels (`_add_branches`), and the matching of heads to labels
//! that the build's one-head rule needs. Computed by
//! `build_graph` and `RevisionGraph::from_parts` and stored in the [`RevisionGraph`](crate::RevisionGraph).
//!
//! **Inherited labels.** A label applies to the labelled revision and every revision above it through
//! `Revises` (so a merge carries the labels of all its parents). When the revisions above it form a single
//! line (no branch point, no merge point, no second revision depending on one of them), the label also runs
//! down from the labelled revision to the nearest branch point or merge point, which keep their own labels.
//! Alembic walks down from the last descendant it visited, so with a branch above the labelled revision the
//! walk stops at that branch and nothing below the labelled revision is labelled; migrate follows that.

use std::collections::HashMap;

use crate::graph::Node;
use crate::graph::build::Edges;

/// For each node, its dependencies minus those that a proper `Revises` ancestor already depends on.
pub(crate) fn normalized_dependencies(edges: &Edges) -> Vec<Vec<Node>> {
    let count = edges.parents.len();
    let mut out: Vec<Vec<Node>> = edges.depends.to_vec();
    // Only a dependency that several revisions share can be redundant; walk only for those.
    let mut seen = vec![u32::MAX; count];
    for (node, normalized) in out.iter_mut().enumerate() {
        let shared: Vec<Node> = edges.depends[node]
            .iter()
            .copied()
            .filter(|&d| edges.dependents[d as usize].len() > 1)
            .collect();
        if shared.is_empty() {
            continue;
        }
        // Proper ancestors through `Revises`, each visited once per node.
        let mut stack: Vec<Node> = edges.parents[node].clone();
        let mut redundant: Vec<Node> = Vec::new();
        while let Some(n) = stack.pop() {
            if seen[n as usize] == node as u32 {
                continue;
            }
            seen[n as usize] = node as u32;
            for &d in &shared {
                if edges.depends[n as usize].contains(&d) && !redundant.contains(&d) {
                    redundant.push(d);
                }
            }
            stack.extend(edges.parents[n as usize].iter().copied());
        }
        normalized.retain(|d| !redundant.contains(d));
    }
    out
}

/// For each node, the labelled revisions whose labels it carries (see the module docs).
pub(crate) fn inherited_labels(edges: &Edges, labelled: &[Node]) -> Vec<Vec<Node>> {
    let count = edges.parents.len();
    let mut out: Vec<Vec<Node>> = vec![Vec::new(); count];
    let real_branch_point = |n: Node| {
        let n = n as usize;
        let mut next: Vec<Node> = edges.children[n].clone();
        for &d in &edges.dependents[n] {
            if !next.contains(&d) {
                next.push(d);
            }
        }
        next.len() > 1
    };
    let merge_point = |n: Node| edges.parents[n as usize].len() > 1;
    let mut mark = vec![false; count];
    for &label in labelled {
        // Every revision above the labelled one through `Revises`.
        let mut stack = vec![label];
        let mut above: Vec<Node> = Vec::new();
        while let Some(n) = stack.pop() {
            if mark[n as usize] {
                continue;
            }
            mark[n as usize] = true;
            above.push(n);
            stack.extend(edges.children[n as usize].iter().copied());
        }
        let single_line = above.iter().all(|&n| edges.children[n as usize].len() <= 1);
        for &n in &above {
            mark[n as usize] = false;
            out[n as usize].push(label);
        }
        if !single_line {
            continue;
        }
        // Down from the top of the line, through the labelled revision, to the nearest branch or merge point.
        let mut node = *above.last().unwrap_or(&label);
        while !real_branch_point(node) && !merge_point(node) {
            if !out[node as usize].contains(&label) {
                out[node as usize].push(label);
            }
            match edges.parents[node as usize].first() {
                Some(&parent) => node = parent,
                None => break,
            }
        }
    }
    out
}

/// Whether each head can be given its own label from the labels whose lineage holds it (bipartite matching).
pub(crate) fn distinct_labels_cover(labels: &[Vec<&str>]) -> bool {
    let mut owner: HashMap<&str, usize> = HashMap::new();
    fn assign<'a>(
        head: usize,
        labels: &[Vec<&'a str>],
        owner: &mut HashMap<&'a str, usize>,
        visited: &mut Vec<&'a str>,
    ) -> bool {
        for &label in &labels[head] {
            if visited.contains(&label) {
                continue;
            }
            visited.push(label);
            let free = match owner.get(label) {
                None => true,
                Some(&other) => assign(other, labels, owner, visited),
            };
            if free {
                owner.insert(label, head);
                return true;
            }
        }
        false
    }
    (0..labels.len()).all(|head| assign(head, labels, &mut owner, &mut Vec::new()))
}

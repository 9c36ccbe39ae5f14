//! Assembling a [`RevisionGraph`] from revisions and resolved edges, and the graph algorithms that need the
//! whole graph at once: strongly connected components (cycles) and the topological order.
//!
//! [`crate::check::build_graph`] resolves the edges, reports what is wrong and then assembles; an embedded
//! table, which the build already validated, is assembled directly with [`RevisionGraph::from_parts_in_order`],
//! with the topological order the build computed.

use crate::graph::ids::{IdMap, id_map};
use crate::graph::{Node, RevisionGraph, labels};
use crate::revision::Revision;

/// The resolved edges of a graph, per node.
#[derive(Debug, Clone, Default)]
pub(crate) struct Edges {
    pub parents: Vec<Vec<Node>>,
    pub depends: Vec<Vec<Node>>,
    pub children: Vec<Vec<Node>>,
    pub dependents: Vec<Vec<Node>>,
}

impl Edges {
    /// The edges from parents and dependencies, with children and dependents derived.
    pub(crate) fn new(parents: Vec<Vec<Node>>, depends: Vec<Vec<Node>>) -> Edges {
        let count = parents.len();
        let mut children = vec![Vec::new(); count];
        let mut dependents = vec![Vec::new(); count];
        for node in 0..count {
            for &p in &parents[node] {
                children[p as usize].push(node as Node);
            }
            for &d in &depends[node] {
                dependents[d as usize].push(node as Node);
            }
        }
        Edges {
            parents,
            depends,
            children,
            dependents,
        }
    }
}

impl RevisionGraph {
    /// A graph from revisions (in file order) and, per revision, the nodes of its parents and of its
    /// dependencies, as a validated folder resolves them. Nothing is checked: this is for data the build
    /// already validated, so it cannot fail. Indices out of range panic.
    pub fn from_parts(
        revisions: Vec<Revision>,
        parents: Vec<Vec<Node>>,
        depends: Vec<Vec<Node>>,
    ) -> RevisionGraph {
        RevisionGraph::from_validated(revisions, parents, depends, None)
    }

    /// [`RevisionGraph::from_parts`] with the topological order too ([`RevisionGraph::topological_order`] of
    /// the validated graph), so that it is not computed again: the table `embed_migrations!` writes. Nothing
    /// is checked, the order least of all: it must be the one the validated graph has. Indices out of range
    /// panic.
    pub fn from_parts_in_order(
        revisions: Vec<Revision>,
        parents: Vec<Vec<Node>>,
        depends: Vec<Vec<Node>>,
        order: Vec<Node>,
    ) -> RevisionGraph {
        RevisionGraph::from_validated(revisions, parents, depends, Some(order))
    }

    fn from_validated(
        revisions: Vec<Revision>,
        parents: Vec<Vec<Node>>,
        depends: Vec<Vec<Node>>,
        order: Option<Vec<Node>>,
    ) -> RevisionGraph {
        let mut index = id_map(revisions.len());
        let mut labels = id_map(0);
        for (node, revision) in revisions.iter().enumerate() {
            index.insert(revision.id.clone(), node as Node);
            for label in revision.branch_labels.iter() {
                labels.insert(label.clone(), node as Node);
            }
        }
        RevisionGraph::assemble(
            revisions,
            index,
            labels,
            Edges::new(parents, depends),
            order,
        )
    }

    /// The one place a graph is put together: order (unless given: the build's), ranks, normalised
    /// dependencies, inherited labels.
    pub(crate) fn assemble(
        revisions: Vec<Revision>,
        index: IdMap,
        labels: IdMap,
        edges: Edges,
        order: Option<Vec<Node>>,
    ) -> RevisionGraph {
        let count = revisions.len();
        let order = order.unwrap_or_else(|| {
            topological_order(
                count,
                &edges.parents,
                &edges.depends,
                &edges.children,
                &edges.dependents,
            )
        });
        let mut rank = vec![0; count];
        for (position, &n) in order.iter().enumerate() {
            rank[n as usize] = position as u32;
        }
        let normalized = labels::normalized_dependencies(&edges);
        let mut labelled: Vec<Node> = labels.values().copied().collect();
        labelled.sort_unstable();
        labelled.dedup();
        let inherited = labels::inherited_labels(&edges, &labelled);
        let Edges {
            parents,
            depends,
            children,
            dependents,
        } = edges;
        RevisionGraph {
            revisions,
            index,
            labels,
            parents,
            depends,
            children,
            dependents,
            rank,
            order,
            normalized,
            inherited,
        }
    }
}

/// Strongly connected components with more than one node (iterative Tarjan), each sorted, in node order.
pub(crate) fn strongly_connected<I: Iterator<Item = Node>>(
    count: usize,
    edges: impl Fn(usize) -> I,
) -> Vec<Vec<Node>> {
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; count];
    let mut low = vec![0u32; count];
    let mut on_stack = vec![false; count];
    let mut stack: Vec<Node> = Vec::new();
    let mut components = Vec::new();
    let mut next_index = 0u32;
    for start in 0..count {
        if index[start] != UNSEEN {
            continue;
        }
        // Each frame: the node and how many of its out-edges have been followed.
        let mut frames: Vec<(usize, usize)> = Vec::new();
        index[start] = next_index;
        low[start] = next_index;
        next_index += 1;
        stack.push(start as Node);
        on_stack[start] = true;
        frames.push((start, 0));
        while let Some((node, followed)) = frames.last_mut() {
            let node = *node;
            let next = edges(node).nth(*followed);
            *followed += 1;
            if let Some(next) = next {
                let next = next as usize;
                if index[next] == UNSEEN {
                    index[next] = next_index;
                    low[next] = next_index;
                    next_index += 1;
                    stack.push(next as Node);
                    on_stack[next] = true;
                    frames.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            frames.pop();
            if let Some((parent, _)) = frames.last() {
                low[*parent] = low[*parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member as usize] = false;
                    component.push(member);
                    if member as usize == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort_unstable();
                    components.push(component);
                }
            }
        }
    }
    components.sort();
    components
}

/// Depth-first post-order from the heads: each branch comes out whole, parents and dependencies first.
pub(crate) fn topological_order(
    count: usize,
    parents: &[Vec<Node>],
    depends: &[Vec<Node>],
    children: &[Vec<Node>],
    dependents: &[Vec<Node>],
) -> Vec<Node> {
    let mut done = vec![false; count];
    let mut order = Vec::with_capacity(count);
    let heads = (0..count).filter(|&n| children[n].is_empty() && dependents[n].is_empty());
    for head in heads {
        if done[head] {
            continue;
        }
        let mut frames: Vec<(usize, usize)> = vec![(head, 0)];
        done[head] = true;
        while let Some((node, next_edge)) = frames.last_mut() {
            let node = *node;
            let below = parents[node]
                .iter()
                .chain(&depends[node])
                .nth(*next_edge)
                .copied();
            *next_edge += 1;
            match below {
                Some(next) if !done[next as usize] => {
                    done[next as usize] = true;
                    frames.push((next as usize, 0));
                }
                Some(_) => {}
                None => {
                    order.push(node as Node);
                    frames.pop();
                }
            }
        }
    }
    order
}

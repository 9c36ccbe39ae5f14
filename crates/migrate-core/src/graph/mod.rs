//! The revision graph: an index over validated revisions with the walks the planner needs.
//!
//! Nodes are indices into [`RevisionGraph::revisions`]. Every walk is a breadth-first search with a visited
//! bitmap, so each costs O(revisions + edges) whatever the shape of the graph.

use crate::revision::Revision;

pub(crate) mod build;
pub(crate) mod ids;
pub(crate) mod labels;
mod order;

/// Index of a revision in the graph.
pub type Node = u32;

/// Which edges a walk follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edges {
    /// Only `Revises`.
    Revises,
    /// `Revises` and `Depends On`.
    WithDependencies,
}

/// A validated set of revisions and the edges between them. Built by [`crate::check::build_graph`] (or, for
/// an embedded table, [`RevisionGraph::from_parts_in_order`]).
#[derive(Debug, Clone)]
pub struct RevisionGraph {
    pub(crate) revisions: Vec<Revision>,
    pub(crate) index: ids::IdMap,
    pub(crate) labels: ids::IdMap,
    pub(crate) parents: Vec<Vec<Node>>,
    pub(crate) depends: Vec<Vec<Node>>,
    pub(crate) children: Vec<Vec<Node>>,
    pub(crate) dependents: Vec<Vec<Node>>,
    /// Topological rank: parents and dependencies rank lower than their children and dependents.
    pub(crate) rank: Vec<u32>,
    pub(crate) order: Vec<Node>,
    /// Dependencies no `Revises` ancestor already depends on (Alembic's `_normalize_depends_on`).
    pub(crate) normalized: Vec<Vec<Node>>,
    /// The branch labels each revision carries, inherited as Alembic's `_add_branches` spreads them.
    pub(crate) inherited: Vec<Vec<Node>>,
}

impl RevisionGraph {
    /// Every revision, in the order the folder lists them (sorted path order).
    pub fn revisions(&self) -> &[Revision] {
        &self.revisions
    }

    /// The revision at `node`.
    pub fn revision(&self, node: Node) -> &Revision {
        &self.revisions[node as usize]
    }

    /// Number of revisions.
    pub fn len(&self) -> usize {
        self.revisions.len()
    }

    /// Whether the graph has no revision.
    pub fn is_empty(&self) -> bool {
        self.revisions.is_empty()
    }

    /// The node of a full revision id.
    pub fn node(&self, id: &str) -> Option<Node> {
        self.index.get(id).copied()
    }

    /// The revision with this full id.
    pub fn get(&self, id: &str) -> Option<&Revision> {
        self.node(id).map(|n| self.revision(n))
    }

    /// The revision carrying a branch label.
    pub fn label(&self, label: &str) -> Option<Node> {
        self.labels.get(label).copied()
    }

    /// The id of `node`.
    pub fn id(&self, node: Node) -> &str {
        &self.revisions[node as usize].id
    }

    /// Parents through `Revises`.
    pub fn parents(&self, node: Node) -> &[Node] {
        &self.parents[node as usize]
    }

    /// Resolved `Depends On` targets.
    pub fn dependencies(&self, node: Node) -> &[Node] {
        &self.depends[node as usize]
    }

    /// Children through `Revises`.
    pub fn children(&self, node: Node) -> &[Node] {
        &self.children[node as usize]
    }

    /// Revisions that depend on `node`.
    pub fn dependents(&self, node: Node) -> &[Node] {
        &self.dependents[node as usize]
    }

    /// The heads as Alembic counts them: revisions that no revision revises, in topological order. A head that
    /// other revisions only depend on is an "effective head" ([`Self::is_effective_head`]); it counts for
    /// `head` (so `head` is then ambiguous) but not for `heads`.
    pub fn heads(&self) -> Vec<Node> {
        self.sorted((0..self.len() as Node).filter(|&n| self.children(n).is_empty()))
    }

    /// The real heads: revisions that no revision revises or depends on (what `heads` upgrades to).
    pub fn real_heads(&self) -> Vec<Node> {
        self.sorted(
            (0..self.len() as Node)
                .filter(|&n| self.children(n).is_empty() && self.dependents(n).is_empty()),
        )
    }

    /// Whether `node` is a head that other revisions only depend on (Alembic's "(effective head)").
    pub fn is_effective_head(&self, node: Node) -> bool {
        self.children(node).is_empty() && !self.dependents(node).is_empty()
    }

    /// Nodes in the order their files were read (sorted path order): Alembic's tie-break between revisions
    /// that do not depend on each other.
    pub fn in_file_order(&self, nodes: impl IntoIterator<Item = Node>) -> Vec<Node> {
        let mut nodes: Vec<Node> = nodes.into_iter().collect();
        nodes.sort_unstable();
        nodes.dedup();
        nodes
    }

    /// The dependencies of `node` that no `Revises` ancestor of it already depends on. With the parents these
    /// are the edges Alembic walks when it orders steps and maintains the version table.
    pub fn normalized_dependencies(&self, node: Node) -> &[Node] {
        &self.normalized[node as usize]
    }

    /// Parents, then normalised dependencies: the revisions directly below `node`.
    pub fn down_edges(&self, node: Node) -> impl Iterator<Item = Node> + '_ {
        self.parents(node)
            .iter()
            .chain(self.normalized_dependencies(node))
            .copied()
    }

    /// The bases (roots): revisions with no parent, in topological order.
    pub fn bases(&self) -> Vec<Node> {
        self.sorted((0..self.len() as Node).filter(|&n| self.parents(n).is_empty()))
    }

    /// Revisions with more than one child: where branches start.
    pub fn branch_points(&self) -> Vec<Node> {
        self.sorted((0..self.len() as Node).filter(|&n| self.children(n).len() > 1))
    }

    /// Every revision in a deterministic topological order (parents and dependencies first).
    pub fn topological_order(&self) -> &[Node] {
        &self.order
    }

    /// The topological rank of a node (lower runs first on upgrade).
    pub fn rank(&self, node: Node) -> u32 {
        self.rank[node as usize]
    }

    /// Sorts nodes into topological order.
    pub fn sorted(&self, nodes: impl IntoIterator<Item = Node>) -> Vec<Node> {
        let mut nodes: Vec<Node> = nodes.into_iter().collect();
        nodes.sort_unstable_by_key(|&n| self.rank[n as usize]);
        nodes.dedup();
        nodes
    }

    /// Marks `start` and everything below it (their ancestors), as a bitmap indexed by node.
    pub fn ancestors(&self, start: &[Node], edges: Edges) -> Vec<bool> {
        self.walk(start, |n| {
            let deps: &[Node] = if edges == Edges::WithDependencies {
                self.dependencies(n)
            } else {
                &[]
            };
            self.parents(n).iter().chain(deps)
        })
    }

    /// Marks `start` and everything above it (their descendants), as a bitmap indexed by node.
    pub fn descendants(&self, start: &[Node], edges: Edges) -> Vec<bool> {
        self.walk(start, |n| {
            let deps: &[Node] = if edges == Edges::WithDependencies {
                self.dependents(n)
            } else {
                &[]
            };
            self.children(n).iter().chain(deps)
        })
    }

    fn walk<'a, I: Iterator<Item = &'a Node>>(
        &'a self,
        start: &[Node],
        next: impl Fn(Node) -> I,
    ) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        let mut stack: Vec<Node> = Vec::with_capacity(start.len());
        for &n in start {
            if !seen[n as usize] {
                seen[n as usize] = true;
                stack.push(n);
            }
        }
        while let Some(n) = stack.pop() {
            for &m in next(n) {
                if !seen[m as usize] {
                    seen[m as usize] = true;
                    stack.push(m);
                }
            }
        }
        seen
    }

    /// The lineage of a branch label as Alembic defines it: the labelled revision, all its descendants
    /// through `Revises`, and its ancestors down to (not including) the nearest branch point or merge point.
    pub fn label_lineage(&self, labelled: Node) -> Vec<bool> {
        let mut member = self.descendants(&[labelled], Edges::Revises);
        let mut node = labelled;
        while self.children(node).len() <= 1 && self.parents(node).len() == 1 {
            let parent = self.parents(node)[0];
            if self.children(parent).len() > 1 {
                break;
            }
            member[parent as usize] = true;
            node = parent;
        }
        member
    }

    /// Whether `a` and `b` share a lineage: one is an ancestor of the other through `Revises`.
    pub fn shares_lineage(&self, a: Node, b: Node) -> bool {
        self.ancestors(&[a], Edges::Revises)[b as usize]
            || self.ancestors(&[b], Edges::Revises)[a as usize]
    }

    /// The branch labels `node` carries, as Alembic shows them: its own, those of every labelled ancestor it
    /// descends from through `Revises`, and those of a labelled descendant whose line runs down to it with no
    /// branch point or merge point in between. Sorted.
    pub fn labels_of(&self, node: Node) -> Vec<&str> {
        let mut out: Vec<&str> = self.inherited[node as usize]
            .iter()
            .flat_map(|&labelled| self.revision(labelled).branch_labels.iter())
            .map(|label| label.as_ref())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Full ids of every revision whose id starts with `prefix`, in sorted order.
    pub fn ids_with_prefix(&self, prefix: &str) -> Vec<Node> {
        let mut out: Vec<Node> = self
            .index
            .iter()
            .filter(|(id, _)| id.starts_with(prefix))
            .map(|(_, n)| *n)
            .collect();
        out.sort_unstable_by(|a, b| self.id(*a).cmp(self.id(*b)));
        out
    }

    /// The heads of a set of revisions: members that no other member revises or depends on.
    pub fn heads_of(&self, members: &[bool]) -> Vec<Node> {
        self.sorted((0..self.len() as Node).filter(|&n| {
            members[n as usize]
                && !self.children(n).iter().any(|c| members[*c as usize])
                && !self.dependents(n).iter().any(|c| members[*c as usize])
        }))
    }
}

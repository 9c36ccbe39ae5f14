//! The order in which Alembic lists and runs revisions that do not depend on each other
//! (`RevisionMap._topological_sort`), so that `history`, `upgrade` and `downgrade` (and their `--sql`
//! scripts) come out in the order an Alembic user sees.
//!
//! Alembic walks down from the requested heads (in file order), depth first along each branch, and pauses at
//! a revision that another pending branch still needs, switching to that branch. The result is top-down:
//! children before parents. An upgrade runs it reversed; a downgrade runs it as it is; `history` prints it.
//!
//! Alembic recomputes ancestor sets at every step; here the "another branch still needs it" test is a count
//! of pending children, and only the choice of which branch to switch to walks the graph (over pending
//! revisions only), so the order costs O(revisions + edges) for the usual shapes.

use crate::graph::{Node, RevisionGraph};

impl RevisionGraph {
    /// The members (a bitmap indexed by node) in Alembic's top-down order, starting from `heads` (those not
    /// in `members` are ignored). Every member must be below some member of `heads` through
    /// [`RevisionGraph::down_edges`]; members that are not are appended at the end, children first.
    pub fn top_down(&self, members: &[bool], heads: &[Node]) -> Vec<Node> {
        let count = self.len();
        let mut pending = members.to_vec();
        let mut remaining = pending.iter().filter(|&&m| m).count();
        // How many pending revisions sit directly above each revision.
        let mut above = vec![0u32; count];
        for node in 0..count as Node {
            if pending[node as usize] {
                for below in self.down_edges(node) {
                    above[below as usize] += 1;
                }
            }
        }
        let mut cursor_at = vec![false; count];
        let mut cursors: Vec<Node> = Vec::new();
        for &head in &self.in_file_order(heads.iter().copied()) {
            if pending[head as usize] {
                cursor_at[head as usize] = true;
                cursors.push(head);
            }
        }
        let mut reach = Reach::new(count);
        let mut out = Vec::with_capacity(remaining);
        let mut index = 0usize;
        while !cursors.is_empty() {
            let candidate = cursors[index];
            if above[candidate as usize] > 0 {
                // Another branch still needs it: continue on the first branch that leads down to it.
                let other = (0..cursors.len())
                    .find(|&j| j != index && reach.reaches(self, &pending, cursors[j], candidate));
                if let Some(j) = other {
                    index = j;
                    continue;
                }
            }
            out.push(candidate);
            pending[candidate as usize] = false;
            remaining -= 1;
            let mut next: Vec<Node> = Vec::new();
            for below in self.down_edges(candidate) {
                above[below as usize] -= 1;
                if pending[below as usize] && !cursor_at[below as usize] && !next.contains(&below) {
                    next.push(below);
                }
            }
            cursor_at[candidate as usize] = false;
            match next.split_first() {
                None => {
                    cursors.remove(index);
                    index = index.saturating_sub(1);
                }
                Some((&first, rest)) => {
                    cursors[index] = first;
                    cursor_at[first as usize] = true;
                    for &other in rest {
                        cursor_at[other as usize] = true;
                        cursors.push(other);
                    }
                }
            }
        }
        if remaining > 0 {
            let mut rest = self.sorted((0..count as Node).filter(|&n| pending[n as usize]));
            rest.reverse();
            out.extend(rest);
        }
        out
    }
}

/// Reachability from one pending revision down to another, through pending revisions only, with a visited
/// stamp reused between queries.
struct Reach {
    stamp: Vec<u32>,
    generation: u32,
    stack: Vec<Node>,
}

impl Reach {
    fn new(count: usize) -> Self {
        Reach {
            stamp: vec![0; count],
            generation: 0,
            stack: Vec::new(),
        }
    }

    /// Whether `target` is `from` or below it. Every revision between two pending revisions is pending, and
    /// ranks fall along every edge, so the walk stays among pending revisions ranked at or above `target`.
    fn reaches(
        &mut self,
        graph: &RevisionGraph,
        pending: &[bool],
        from: Node,
        target: Node,
    ) -> bool {
        let floor = graph.rank(target);
        self.generation += 1;
        self.stack.clear();
        self.stack.push(from);
        while let Some(n) = self.stack.pop() {
            if n == target {
                return true;
            }
            if self.stamp[n as usize] == self.generation || graph.rank(n) < floor {
                continue;
            }
            self.stamp[n as usize] = self.generation;
            for below in graph.down_edges(n) {
                if pending[below as usize] {
                    self.stack.push(below);
                }
            }
        }
        false
    }
}
